"""The checks of ``kiosk check``, one function a check, each answering one ``Check``: the
local and store databases, the sync backlog, the content pack, the disk, failed writes, the
log folder and the production settings. Apart from ``kiosk.station.health`` (which runs them
in order and makes the report, its JSON layout and its text) because each check is its own
small probe of one part of the kiosk, and the report only needs their answers. What a failed
check means to store IT is listed in ``kiosk.station.health``'s docstring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.station.config import Config

STORE_TIMEOUT_S = 3
"""A health check must answer quickly even when the store network is down."""


@dataclass
class Check:
    """One line of the report: ``ok`` False means a person should look."""

    name: str
    ok: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "detail": self.detail, **self.data}


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat(timespec="seconds")


def _shown_store_url(config: Config) -> str | None:
    if not config.store_db_url:
        return None
    from sqlalchemy.engine import make_url

    try:
        return make_url(config.store_db_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL must not leak in a traceback
        return "(not a valid URL)"


class _Local:
    """The local database, opened once for the checks that need it."""

    def __init__(self, config: Config) -> None:
        self.path: Path = config.local_db_path
        self.engine: Any = None
        self.revision: str | None = None
        self.head: str | None = None

    def check(self) -> Check:
        from kiosk.db.engine import open_local
        from kiosk.db.migrate import current_revision, head_revision

        data: dict[str, Any] = {"path": str(self.path), "revision": None, "head": None}
        try:
            self.head = data["head"] = head_revision()
        except Exception as exc:  # noqa: BLE001 - a broken build must be reported, not crash
            return Check("local_db", False, f"migrations cannot be read: {exc}", data)
        if not self.path.exists():
            return Check(
                "local_db",
                False,
                f"{self.path} does not exist yet: start the kiosk or run `kiosk db upgrade`",
                data,
            )
        try:
            self.engine = open_local(self.path)
            self.revision = data["revision"] = current_revision(self.engine)
        except KioskError as exc:
            return Check("local_db", False, str(exc), data)
        except Exception as exc:  # noqa: BLE001 - e.g. a corrupt file
            return Check("local_db", False, f"{self.path} cannot be read: {exc}", data)
        if self.revision != self.head:
            from kiosk.db.migrate import schema_mismatch

            detail = schema_mismatch(f"local database {self.path}", self.revision, self.head)
            return Check("local_db", False, detail, data)
        return Check("local_db", True, f"{self.path}: schema {self.revision} (newest)", data)

    @property
    def usable(self) -> bool:
        return self.engine is not None and self.revision == self.head

    def dispose(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def check_store(config: Config) -> Check:
    data: dict[str, Any] = {
        "configured": bool(config.store_db_url),
        "url": _shown_store_url(config),
        "revision": None,
    }
    if not config.store_db_url:
        return Check("store_db", True, "not configured: this kiosk works alone", data)
    from kiosk.sync.errors import SyncError
    from kiosk.sync.settings import SyncSettings
    from kiosk.sync.store import check_store as probe
    from kiosk.sync.store import open_store

    settings = SyncSettings.from_config(config)
    settings = dataclasses.replace(
        settings,
        store_db_connect_timeout_s=min(settings.store_db_connect_timeout_s, STORE_TIMEOUT_S),
        store_db_statement_timeout_s=STORE_TIMEOUT_S,
    )
    try:
        engine = open_store(
            config.store_db_url,
            config.store_db_password_file,
            settings,
            f"kiosk-check {config.store_id}/{config.kiosk_id}",
        )
    except SyncError as exc:
        return Check("store_db", False, str(exc), data)
    try:
        data["revision"] = probe(engine)
    except SyncError as exc:
        return Check("store_db", False, str(exc), data)
    finally:
        engine.dispose()
    return Check("store_db", True, f"{data['url']}: reachable, schema {data['revision']}", data)


def check_sync(config: Config, local: _Local, now: dt.datetime) -> Check:
    data: dict[str, Any] = {
        "pending": None,
        "quarantined": None,
        "oldest_pending_at": None,
        "oldest_pending_age_s": None,
        "last_success_at": None,
        "last_error_at": None,
        "last_error": None,
    }
    if not local.usable:
        return Check("sync", False, "unknown: the local database is not usable", data)
    from sqlalchemy import func, select

    from kiosk.db.models import OutboxEntry
    from kiosk.sync.state import read_status

    status = read_status(local.engine)
    with local.engine.connect() as conn:
        oldest = conn.execute(
            select(func.min(OutboxEntry.enqueued_at)).where(OutboxEntry.quarantined_at.is_(None))
        ).scalar()
    if isinstance(oldest, str):  # SQLite hands back the aggregate untyped
        oldest = dt.datetime.fromisoformat(oldest)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    age = None if oldest is None else max(0, int((now - oldest).total_seconds()))
    data.update(
        pending=status.pending,
        quarantined=status.quarantined,
        oldest_pending_at=_iso(oldest),
        oldest_pending_age_s=age,
        last_success_at=_iso(status.last_success_at),
        last_error_at=_iso(status.last_error_at),
        last_error=status.last_error,
    )
    summary = f"{status.pending} pending, {status.quarantined} quarantined"
    if status.quarantined:
        return Check(
            "sync",
            False,
            f"{summary}: the store refused changes; fix the cause, then "
            "`kiosk sync --retry-quarantined`",
            data,
        )
    limit = config.health_backlog_max_age_s
    if config.store_db_url and age is not None and age > limit:
        return Check(
            "sync", False, f"{summary}; the oldest has waited {age} s (limit {limit} s)", data
        )
    last = _iso(status.last_success_at) or "never"
    return Check("sync", True, f"{summary}; last success {last}", data)


def check_content(config: Config) -> Check:
    """The pack in service (``_check_pack``) and, when the store publishes packs, the version
    published and its fetch (kiosk.content.publish.state): a refused version needs a person."""
    from kiosk.content.publish.state import load, summary

    check = _check_pack(config)
    ok, text, data = summary(config.content_dir)
    if data:  # which published version is in service: none when a pack was installed by hand
        same = (
            check.data["installed"] is not None
            and check.data["installed"] == load(config.content_dir).installed_name
        )
        data["in_service_version"] = data["installed_version"] if same else None
    return Check("content", check.ok and ok, check.detail + text, {**check.data, **data})


def _check_pack(config: Config) -> Check:
    """The pack in service (installed in ``content_dir``), or, before the first start, the
    configured pack that the kiosk will install."""
    from kiosk.content.store import PackStore
    from kiosk.content.validate import validate

    path: Path = config.content_pack_path
    store = PackStore(config.content_dir)
    data: dict[str, Any] = {
        "path": str(path),
        "store": str(config.content_dir),
        "installed": None,
        "id": None,
        "brand": None,
        "version": None,
    }
    try:
        data["installed"] = store.installed_name()
        pack = store.current() if data["installed"] else None
    except KioskError as exc:
        return Check("content", False, f"installed pack cannot be used: {exc}", data)
    if pack is not None:
        info = pack.info
        data.update(id=info.id, brand=info.brand, version=info.version)
        return Check("content", True, f"{info.brand} {info.version} in service", data)
    if not os.access(_existing(config.content_dir), os.W_OK | os.X_OK):
        return Check(
            "content",
            False,
            f"content folder {config.content_dir} is not writable by this user; the first "
            "start installs the content pack there",
            data,
        )
    report = validate(path)
    if report.pack is None:
        first = report.errors[0] if report.errors else "no pack"
        return Check(
            "content", False, f"{path}: {len(report.errors)} error(s), first: {first}", data
        )
    info = report.pack.info
    data.update(id=info.id, brand=info.brand, version=info.version)
    return Check(
        "content", True, f"{info.brand} {info.version} ({path}; installed at first start)", data
    )


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_disk(config: Config) -> Check:
    folder = config.local_db_path.parent
    usage = shutil.disk_usage(_existing(folder))
    free_mb = usage.free // 1_000_000
    limit = config.health_min_free_mb
    data = {"path": str(folder), "free_mb": free_mb, "min_free_mb": limit}
    if free_mb < limit:
        return Check("disk", False, f"{folder}: only {free_mb} MB free (limit {limit} MB)", data)
    return Check("disk", True, f"{folder}: {free_mb} MB free", data)


def check_local_writes(config: Config) -> Check:
    """Visit writes that failed: the running kiosk keeps the last failure in a small file
    beside its database (``kiosk.station.local_writes``), read here by another process."""
    from kiosk.station.local_writes import WriteFailure, read_failure

    last = read_failure(config.local_db_path.parent)
    data: dict[str, Any] = {name: None for name in WriteFailure.__dataclass_fields__}
    if last is None:
        return Check("writes", True, "no local write has failed", {**data, "failures": 0})
    data.update(dataclasses.asdict(last))
    counts = f"{last.failures} failed write(s), {last.visits_ended} visit(s) ended early"
    if last.ongoing:
        return Check(
            "writes",
            False,
            f"nothing can be recorded since {last.failed_at}: the {last.what} failed "
            f"({last.cause}); {counts}. Free space on the data folder's disk or check it",
            data,
        )
    return Check(
        "writes",
        True,
        f"writing again since {last.recovered_at}; last failure {last.failed_at} "
        f"({last.cause}; {counts})",
        data,
    )


def check_log_dir(config: Config) -> Check:
    from kiosk.station.storage import ensure_writable_dir

    folder: Path = config.log_dir
    data = {"path": str(folder), "writable": False}
    try:
        ensure_writable_dir(folder, "log folder")
    except KioskError as exc:
        return Check("log_dir", False, str(exc), data)
    data["writable"] = True
    return Check("log_dir", True, f"{folder}: writable", data)


def check_production(config: Config, earlier: list[Check]) -> Check:
    """Settings only a developer's machine should keep (kiosk.station.production), in store mode."""
    from kiosk.station.production import review, store_mode

    content = next((c for c in earlier if c.name == "content"), None)
    pack_id = content.data.get("id") if content is not None else None
    findings = review(config, pack_id)
    data: dict[str, Any] = {
        "mode": "store" if store_mode(config) else "development",
        "findings": [f.as_json() for f in findings],
    }
    if not store_mode(config):
        return Check("production", True, "development (--windowed): not reviewed", data)
    attention = [f.detail for f in findings if f.attention]
    notes = [f.detail for f in findings if not f.attention]
    noted = f" (notes: {'; '.join(notes)})" if notes else ""
    if attention:
        return Check("production", False, "; ".join(attention) + noted, data)
    url = config.followup_base_url
    return Check("production", True, f"store mode: hand-off links at {url}{noted}", data)

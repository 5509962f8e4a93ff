"""What a kiosk remembers of the published content: a small JSON file in its content folder.

Written by the sync worker as it follows the store's current version (after each fetched
blob, so the progress is live) and read by ``kiosk check`` and associate-mode diagnostics,
which run in other threads or processes: the file is replaced whole (written aside, then
renamed), so a reader sees the last state or the one before, never half of one. It holds
version numbers, pack names, file paths of the pack and reasons: no personal data.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from kiosk.station.storage import CONTENT_POINTER, readable_by_all

STATE_FILE = "published.json"


@dataclass
class FollowState:
    """``installed_*``: the published version last installed here; ``published_*``: the
    store's current version when last seen; ``fetching``: [files done, files to fetch]
    while a fetch is under way; ``refused_version`` and ``error``: why the last attempt
    did not install (a refused version is not fetched again until another is current);
    ``changed_at``: when any of it last changed."""

    installed_version: int | None = None
    installed_name: str | None = None
    published_version: int | None = None
    published_pack: str | None = None
    fetching: list[int] | None = None
    refused_version: int | None = None
    error: str | None = None
    error_at: str | None = None
    changed_at: str | None = None


def load(folder: Path) -> FollowState:
    """The state kept in ``folder``, or a blank one (nothing followed yet, or unreadable)."""
    try:
        doc = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return FollowState()
    if not isinstance(doc, dict):
        return FollowState()
    known = {f.name for f in fields(FollowState)}
    return FollowState(**{k: v for k, v in doc.items() if k in known})


def save(folder: Path, state: FollowState) -> None:
    """Replace the state file atomically; OSError if the folder cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".published-")
    readable_by_all(tmp)  # kiosk and store IT may be different users
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(state), handle, indent=1)
        os.replace(tmp, folder / STATE_FILE)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary(folder: Path) -> tuple[bool, str, dict[str, Any]]:
    """For the ``content`` line of ``kiosk check``: (ok, text to append, JSON fields).
    Empty text when this kiosk never saw a published version (a kiosk that works alone or
    installs packs by hand)."""
    if not (folder / STATE_FILE).exists():
        return True, "", {}
    s = load(folder)
    data: dict[str, Any] = {
        "installed_version": s.installed_version,
        "published_version": s.published_version,
        "published_pack": s.published_pack,
        "fetching": None if s.fetching is None else {"done": s.fetching[0], "total": s.fetching[1]},
        "publish_error": s.error,
        "publish_error_at": s.error_at,
        "publish_changed_at": s.changed_at,
    }
    if s.published_version is None:
        return True, "; nothing published in the store", data
    seen = f"published version {s.published_version} ({s.published_pack})"
    if s.refused_version is not None and s.refused_version == s.published_version:
        installed = s.installed_version if s.installed_version is not None else "none"
        return (
            False,
            (
                f"; {seen} REFUSED: {s.error}; the last good pack stays in service "
                f"(published version installed: {installed})"
            ),
            data,
        )
    if s.installed_version == s.published_version:
        text = f"; {seen} installed"
        if _pointer(folder) not in (None, s.installed_name):
            text += ", but a pack installed by hand since is in service"
    elif s.fetching is not None and s.fetching[0] < s.fetching[1]:
        text = f"; {seen}: fetching {s.fetching[0]}/{s.fetching[1]} files"
    elif s.fetching is not None:
        text = f"; {seen}: all {s.fetching[1]} missing files fetched, installing"
    else:
        text = f"; {seen} not installed yet"
    if s.error:
        text += f" (last attempt failed: {s.error})"
    return True, text, data


def _pointer(folder: Path) -> str | None:
    """The pack folder in service (``PackStore.installed_name``, without raising)."""
    try:
        return (folder / CONTENT_POINTER).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None

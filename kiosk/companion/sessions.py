"""Who is signed in on the companion: opaque session ids kept by the server.

The cookie holds only a random id (32 bytes, URL-safe); the server keeps, under its SHA-256,
who it belongs to and when it was last used. So a session can be ended at once and for good:
signing out forgets it, and a disabled associate's sessions are all forgotten at their next
request (``end_all``). A session unused for the store's idle time (``companion_idle_minutes``)
is gone.

The table lives in the server process (the companion runs as one process, like the page) and,
given a ``path``, is kept in a small SQLite file beside the server's secret key, so a restart
(an update, a crash) does not sign every associate out mid-shift. The file holds only the
ids' hashes, never an id a cookie could carry. Use is written at most once a minute per
session (``SAVE_EVERY``): after a restart a session looks idle up to a minute early, never late.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MAX_SESSIONS = 10_000
"""A store has dozens of associates; a flood of sign-ins cannot grow memory without bound."""
SAVE_EVERY = dt.timedelta(minutes=1)
"""How often a session's use is written to the file (reads are from memory)."""
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, associate_id TEXT NOT NULL,"
    " name TEXT NOT NULL, role TEXT NOT NULL, started TEXT NOT NULL, last_seen TEXT NOT NULL)"
)


@dataclass
class CompanionSession:
    associate_id: uuid.UUID
    name: str
    role: str
    started: dt.datetime
    last_seen: dt.datetime
    saved: dt.datetime = field(default=dt.datetime.min.replace(tzinfo=dt.UTC), compare=False)
    """The ``last_seen`` the file holds."""


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


class SessionTable:
    def __init__(
        self, idle: dt.timedelta, clock: Callable[[], dt.datetime], path: Path | None = None
    ) -> None:
        self.idle = idle
        self.clock = clock
        self._by_key: dict[str, CompanionSession] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        """Open (or make) the file and take back the sessions still within the idle time."""
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite's own files follow
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
        for key, who, name, role, started, seen in self._db.execute("SELECT * FROM sessions"):
            last = dt.datetime.fromisoformat(seen)
            self._by_key[key] = CompanionSession(
                uuid.UUID(who), name, role, dt.datetime.fromisoformat(started), last, last
            )
        self._sweep(self.clock())  # those idle too long while the server was down

    def _save(self, key: str, s: CompanionSession) -> None:
        if self._db is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    str(s.associate_id),
                    s.name,
                    s.role,
                    s.started.isoformat(),
                    s.last_seen.isoformat(),
                ),
            )
            s.saved = s.last_seen

    def _forget(self, keys: list[str]) -> None:
        for k in keys:
            del self._by_key[k]
        if self._db is not None and keys:
            self._db.executemany("DELETE FROM sessions WHERE key = ?", [(k,) for k in keys])

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def start(self, associate_id: uuid.UUID, name: str, role: str) -> str:
        """A new session; returns the id for the cookie (never stored as such)."""
        now = self.clock()
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._sweep(now)
            if len(self._by_key) >= MAX_SESSIONS:
                self._forget([min(self._by_key, key=lambda k: self._by_key[k].last_seen)])
            session = CompanionSession(associate_id, name, role, now, now)
            self._by_key[_key(session_id)] = session
            self._save(_key(session_id), session)
        return session_id

    def get(self, session_id: str, touch: bool = True) -> CompanionSession | None:
        """The live session ``session_id`` names, or None (unknown, ended or idle too long).
        ``touch``: this request counts as use (the live list's stream does not: a phone left
        open on the list still signs out after the idle time)."""
        if not session_id or len(session_id) > 128:
            return None
        now = self.clock()
        with self._lock:
            key = _key(session_id)
            found = self._by_key.get(key)
            if found is None:
                return None
            if now - found.last_seen >= self.idle:
                self._forget([key])
                return None
            if touch:
                found.last_seen = now
                if now - found.saved >= SAVE_EVERY:
                    self._save(key, found)
            return found

    def end(self, session_id: str) -> None:
        with self._lock:
            key = _key(session_id)
            if key in self._by_key:
                self._forget([key])

    def end_all(self, associate_id: uuid.UUID) -> int:
        """Forget every session of ``associate_id`` (disabled): how many there were."""
        with self._lock:
            gone = [k for k, v in self._by_key.items() if v.associate_id == associate_id]
            self._forget(gone)
            return len(gone)

    def _sweep(self, now: dt.datetime) -> None:
        self._forget([k for k, v in self._by_key.items() if now - v.last_seen >= self.idle])

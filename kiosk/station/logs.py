"""Logging to a rotating file in the configured log folder, with no personal data.

Log lines name visits by their opaque id only. As a second line of defence every handler
the kiosk installs masks anything shaped like an e-mail address or a phone number before it
reaches the file, and writes each record as one line: control characters in a message (a
``%0a`` in a requested path, say) are escaped, so nothing a request carries can forge a
line of its own; a traceback's lines follow their record indented.

The file rotates at ``MAX_BYTES``, keeping ``BACKUPS`` older files (``kiosk.log.1`` the newest).

Both patterns run in time linear in the message, whatever it holds: the follow-up page
logs paths that strangers choose, and one quadratic pattern over a 100 KB path once held
the whole server for most of a minute.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from kiosk.station.storage import ensure_writable_dir

# A match may only start where a run of address characters starts (the look-behind): the
# engine then never rescans a long run from each of its positions, which made the plain
# pattern quadratic. The domain's last part takes '+' too, so a match always ends where a
# run ends and the next address is still seen.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.+-]+")
# A number stands alone: not inside a word or an id (a visit's UUID has runs such as
# "-7257-4123" that a bare pattern took for a phone, leaving the id unreadable in the log).
# Linear: a match starts only where a run starts (the look-behind), and backtracks within it.
_PHONE = re.compile(r"(?<![\w-])\+?\d[\d ()-]{7,}\d(?!\w)")
# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides
# that could make a line read as something else.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LOG_FILE = "kiosk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
CONTINUATION = "    "
MAX_BYTES = 5_000_000
BACKUPS = 5


def redact(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers masked."""
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", text))


def escape_controls(text: str) -> str:
    """``text`` on one line: every control character written as its escape (``\\n``)."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class RedactPersonalData(logging.Filter):
    """Masks personal data in a record's message and puts it on one line, once per record
    however many handlers see it. A call whose arguments do not fit its message (``"%d"``
    given a name) is logged as its message alone, marked: neither raised into the code that
    logged (which the standard handlers never do), nor its arguments printed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "kiosk_clean", False):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # what ``msg % args`` raises
            message = f"{record.msg} [arguments not shown: they do not fit the message]"
            record.msg, record.args = message, None
        clean = redact(escape_controls(message.rstrip("\r\n")))
        if clean != message:
            record.msg, record.args = clean, None
        record.kiosk_clean = True
        return True


class OneLineFormatter(logging.Formatter):
    """Each record starts a line; its traceback or stack (which may quote request data in an
    exception's message) follows indented, escaped and redacted."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, _, tail = text.partition("\n")
        if not tail:
            return head
        lines = (CONTINUATION + escape_controls(line) for line in tail.split("\n"))
        return head + "\n" + redact("\n".join(lines))


def dress(handler: logging.Handler, fmt: str = FORMAT) -> logging.Handler:
    """Give ``handler`` the kiosk's formatter and redaction: every handler the kiosk or the
    follow-up page installs goes through here."""
    handler.setFormatter(OneLineFormatter(fmt))
    handler.addFilter(RedactPersonalData())
    return handler


class RotatingLog(logging.FileHandler):
    """A log file that rotates as ``logging.handlers.RotatingFileHandler`` does: when a record
    would take it past ``max_bytes``, ``kiosk.log.N`` becomes ``.N+1`` (the oldest beyond
    ``backups`` is dropped), ``kiosk.log`` becomes ``.1`` and a new one begins.

    Not the standard library's own: importing ``logging.handlers`` imports socket, selectors,
    pickle and queue for the handlers the kiosk does not use, 3-4 ms of interpreter time in
    the kiosk's start, which is bound by it (tests/bench/test_startup_bench.py)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
        except OSError:  # as the standard handlers do: reported on stderr, never raised;
            self.handleError(record)  # the record is still written, to the file as it is
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0:
            return False
        if self.stream is None:  # closed, then written to again
            self.stream = self._open()
        try:
            line = self.format(record) + self.terminator
        except Exception:  # noqa: BLE001 - reported once, by the write that follows
            return False
        size = self.stream.seek(0, os.SEEK_END)
        return size > 0 and size + len(line.encode("utf-8", "replace")) > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        if self.backups > 0:
            for n in range(self.backups - 1, 0, -1):
                if os.path.exists(f"{base}.{n}"):
                    os.replace(f"{base}.{n}", f"{base}.{n + 1}")
            os.replace(base, f"{base}.1")
            self.stream = self._open()
        else:  # no backups kept: the file starts again empty (the standard one grows forever)
            self.mode = "w"
            self.stream = self._open()
            self.mode = "a"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    ensure_writable_dir(log_dir, "log folder")
    path = log_dir / LOG_FILE
    handler = RotatingLog(path)
    dress(handler)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kiosk_handler", False)]:
        root.removeHandler(old)
        old.close()
    handler.kiosk_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path

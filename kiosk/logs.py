"""Logging to a rotating file in the configured log folder, with no personal data.

Log lines name visits by their opaque id only. As a second line of defence a filter masks
anything shaped like an e-mail address or a phone number before it reaches the file.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from kiosk.storage import ensure_writable_dir

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")
LOG_FILE = "kiosk.log"


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _PHONE.sub("[phone]", _EMAIL.sub("[email]", message))
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    ensure_writable_dir(log_dir, "log folder")
    path = log_dir / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    handler.addFilter(RedactPersonalData())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kiosk_handler", False)]:
        root.removeHandler(old)
        old.close()
    handler.kiosk_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path

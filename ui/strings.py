"""The kiosk's own words (not the brand's content) in every language it offers.

Read once at start from ``assets/i18n/ui.json``. A missing translation falls back to English
rather than showing a key, and a test checks every key is translated in every language.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.paths import assets_dir

FALLBACK = "en"


@cache
def _table() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (assets_dir() / "i18n" / "ui.json").read_text(encoding="utf-8")
    )
    return data


def tr(key: str, language: str, **values: Any) -> str:
    entry = _table()[key]
    text = entry.get(language) or entry[FALLBACK]
    return text.format(**values) if values else text


def keys() -> list[str]:
    return list(_table())

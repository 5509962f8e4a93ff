"""The kiosk's own words (not the brand's content) in every language it offers.

Read once from ``assets/i18n/*.json`` (one file per area of the kiosk, so screens can be
worked on side by side). A missing translation falls back to English rather than showing a
key, and a test checks every key is translated in every language.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.station.paths import assets_dir

FALLBACK = "en"


@cache
def _table() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = {}
    for path in sorted((assets_dir() / "i18n").glob("*.json")):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            if key in data:
                raise ValueError(f"{path.name}: string {key!r} is defined twice")
            data[key] = entry
    return data


def tr(key: str, language: str, **values: Any) -> str:
    entry = _table()[key]
    text = entry.get(language) or entry[FALLBACK]
    return text.format(**values) if values else text


def keys() -> list[str]:
    return list(_table())

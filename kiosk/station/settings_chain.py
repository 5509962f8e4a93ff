"""The settings of the chain level (issue 20): where this kiosk reads headquarters' figures.
Declared like every other setting and appended to the one ``SETTINGS`` table
(``kiosk.station.settings``), kept here so that table stays short."""

from __future__ import annotations

from typing import Any

from kiosk.station.setting_values import Setting, _parse_optional_str


def _parse_hq_url(raw: Any) -> str | None:
    """Headquarters is PostgreSQL (it subscribes to the stores' publications): a SQLite
    URL here would be a mistake found only when a manager opens the dashboard."""
    text = _parse_optional_str(raw)
    if text is None:
        return None
    if not text.split("://", 1)[0].startswith("postgresql") or "://" not in text:
        raise ValueError("must be a PostgreSQL URL such as postgresql://reader@hq-db/chain")
    return text


CHAIN_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "hq_db_url",
        "database URL",
        lambda: None,
        "The headquarters database (`kiosk chain add-store`), read by the dashboard's "
        '"Stores" view, which compares every store of the chain: for the headquarters role, '
        "and for managers when set. A login that may only read is enough. Empty: managers see "
        "their own store only.",
        _parse_hq_url,
        secret=True,
    ),
)

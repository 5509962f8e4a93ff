"""``kiosk content preview PACK``: the kiosk, windowed, on a pack folder as it is edited."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add ``preview`` to ``kiosk content``'s subparsers ``sub``."""

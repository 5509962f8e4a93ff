"""The command line of importing (added to ``kiosk content``)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add this package's subcommands to ``kiosk content``'s subparsers ``sub``."""

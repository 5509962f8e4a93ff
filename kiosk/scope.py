"""What a store-wide read answers: a value, and how far it reaches.

Associate mode reads what every kiosk of the store knows from the store database, and falls
back to this kiosk's own records when that does not answer (``kiosk.db.reads``). A screen
shows the value and says "this kiosk only" when the scope is ``KIOSK``: this is all it needs
to know of the read, so it never imports the database layer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Scope(enum.StrEnum):
    STORE = "store"  # every kiosk of the store, through the store database
    KIOSK = "kiosk"  # this kiosk only: no store database, or it did not answer


@dataclass(frozen=True)
class Read(Generic[T]):
    value: T
    scope: Scope

"""Signing in on the companion: the kiosk's PINs and the kiosk's lockout, in the store database.

The companion reads and writes the store's ``associates`` rows, the very rows every kiosk
pulls: a lockout a kiosk earned and pushed refuses the phone too, and failures counted here
are written with a newer version (``store_save``), so every kiosk pulls them and refuses the
PIN in turn. The check itself is the kiosk's (``AssociateDirectory.verify``: the count taken
before the slow hash, ``lockout_after``), only with the store side's writer.

A name nobody has, or a disabled one, is refused like a wrong PIN, so the form does not say
who works here; the server's per-address brake slows such guesses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import uuid
from collections.abc import Callable

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from kiosk.associates.directory import AssociateDirectory, AssociateInfo
from kiosk.db.models import Associate
from kiosk.db.versions import store_save

MAX_NAME = 120


class StoreSignIn:
    """The store's associates as the companion checks them (the store database)."""

    def __init__(self, engine: Engine, store_id: str, clock: Callable[[], dt.datetime]) -> None:
        self.store_id = store_id
        self.directory = AssociateDirectory(engine, store_id, clock=clock, saver=store_save)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._decoy: str | None = None

    def find(self, name: str) -> uuid.UUID | None:
        """The active associate called ``name`` (case and outer spaces aside), or None."""
        wanted = name.strip().casefold()
        if not wanted or len(wanted) > MAX_NAME:
            return None
        with self._sessions() as s:
            rows = s.execute(
                select(Associate.id, Associate.display_name).where(
                    Associate.store_id == self.store_id, Associate.disabled_at.is_(None)
                )
            ).all()
        return next((i for i, n in rows if n.strip().casefold() == wanted), None)

    def current(self, associate_id: uuid.UUID) -> AssociateInfo | None:
        """The associate as the store knows them now; None once disabled (or gone): every
        request of a session asks, so a disabled associate is signed out everywhere."""
        with self._sessions() as s:
            row = s.get(Associate, associate_id)
            if row is None or row.store_id != self.store_id or row.disabled_at is not None:
                return None
            return AssociateInfo.of(row)

    def spend(self, pin: str) -> None:
        """Take as long as a PIN check for a name nobody has, so the answer's time does not
        tell which names are the store's associates."""
        if self._decoy is None:
            self._decoy = self.directory.hasher.hash(secrets.token_hex(8))
        with contextlib.suppress(VerificationError, InvalidHashError):
            self.directory.hasher.verify(self._decoy, pin)

    def verify(self, associate_id: uuid.UUID, pin: str) -> AssociateInfo:
        """Check ``pin`` (slow on purpose: call it off the event loop); ``SignInRefused``
        (wrong_pin, locked, disabled, unknown) as on the kiosk."""
        return self.directory.verify(associate_id, pin)

"""Associates of the store and their PINs: who may open associate mode, and when not.

A PIN has at most 10^8 values, so two things protect it. Online, failed attempts are
counted in the database (so a restart does not forgive them) and lock the associate out for
escalating periods. Offline, a stolen database holds only Argon2id hashes, deliberately slow
and memory-hard (about 0.35 s per check on a 2-core kiosk): verification therefore never
runs on the GUI thread. A PIN is never logged, printed or kept after the check.

Associates are written through the outbox, so they reach the store database and every kiosk
of the store pulls them back; a lockout written here travels the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.associates import PIN_MAX, PIN_MIN
from kiosk.db.models import Associate, Synced, utcnow
from kiosk.db.outbox import save
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

log = logging.getLogger(__name__)

ROLES = ("associate", "manager", "store_it", "headquarters")
CLIENT_ROLES = ("associate", "manager")
"""The roles that may see clients (names, contacts, notes, requests for a client): store IT
keeps the kiosks running and headquarters compares stores (the dashboard), neither needs them."""
FREE_ATTEMPTS = 5
"""Failures allowed before the first lockout."""
FIRST_LOCKOUT = dt.timedelta(minutes=1)
MAX_LOCKOUT = dt.timedelta(hours=1)
COMMON_PINS = frozenset({"2580", "0852", "1004", "2000", "6969", "1122", "5683", "1313"})
"""Very common PINs that no pattern below catches (keypad column, "love" on a phone...)."""


class AssociateError(KioskError):
    """An associate operation that cannot be done as asked."""


class PinRejected(AssociateError):
    """A new PIN that does not meet the rules; the message says which rule."""


class SignInRefused(AssociateError):
    """A sign-in that did not succeed. ``locked_until`` is set while the associate is locked
    out; ``attempts_left`` is how many more failures are allowed before the next lockout."""

    def __init__(
        self, reason: str, locked_until: dt.datetime | None = None, attempts_left: int = 0
    ) -> None:
        super().__init__(reason)
        self.reason = reason  # wrong_pin | locked | disabled | unknown
        self.locked_until = locked_until
        self.attempts_left = attempts_left


@dataclass(frozen=True)
class AssociateInfo:
    """What the UI and the command line may know about an associate (never the hash)."""

    id: uuid.UUID
    display_name: str
    role: str
    failed_attempts: int
    locked_until: dt.datetime | None
    disabled: bool

    @classmethod
    def of(cls, row: Associate) -> AssociateInfo:
        return cls(
            row.id,
            row.display_name,
            row.role,
            row.failed_attempts or 0,
            row.locked_until,
            row.disabled_at is not None,
        )


def check_pin(pin: str) -> None:
    """Refuse a PIN that is not 4-8 digits or that anyone would try first."""
    if not pin.isascii() or not pin.isdigit():
        raise PinRejected("a PIN is digits only (0-9)")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise PinRejected(f"a PIN has {PIN_MIN} to {PIN_MAX} digits, this one has {len(pin)}")
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps == {0}:
        raise PinRejected("a PIN of one repeated digit (like 0000) is the first one tried")
    if steps in ({1}, {9}):
        raise PinRejected("a PIN of consecutive digits (like 1234 or 9876) is too easy to guess")
    for size in (2, 3, 4):
        if len(pin) % size == 0 and len(pin) > size and pin == pin[:size] * (len(pin) // size):
            raise PinRejected("a PIN that repeats a short pattern (like 1212) is too easy")
    if pin in COMMON_PINS:
        raise PinRejected("this PIN is among the most common ones; choose another")


def lockout_after(failures: int) -> dt.timedelta | None:
    """How long the associate is locked out after ``failures`` consecutive failures:
    nothing for the first four, one minute at the fifth, then doubling, at most one hour."""
    if failures < FREE_ATTEMPTS:
        return None
    factor: int = 2 ** min(failures - FREE_ATTEMPTS, 12)
    return min(FIRST_LOCKOUT * factor, MAX_LOCKOUT)


class AssociateDirectory:
    """The associates of one store in a database: the kiosk's own, where the outbox lives,
    or (``saver=store_save``, the companion) the store database itself, whose rows every
    kiosk pulls: one lockout rule and one count wherever the PIN is typed."""

    def __init__(
        self,
        engine: Engine,
        store_id: str,
        clock: Callable[[], dt.datetime] = utcnow,
        hasher: PasswordHasher | None = None,
        saver: Callable[[Session, Synced], None] = save,
    ) -> None:
        self.engine = engine
        self.store_id = store_id
        self.clock = clock
        self.hasher = hasher or PasswordHasher()  # RFC 9106 low-memory profile (64 MiB, t=3)
        self._save = saver
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def of_kiosk(
        cls, runtime: Runtime, clock: Callable[[], dt.datetime] = utcnow
    ) -> AssociateDirectory:
        """The associates of the store this kiosk serves, in its own database (associate
        mode's PIN pad: listing them is a read, a sign-in a write on the recorder)."""
        return cls(runtime.engine, runtime.config.store_id, clock=clock)

    # -- managing associates (the command line) --------------------------------------------
    def add(self, display_name: str, role: str, pin: str) -> AssociateInfo:
        name = display_name.strip()
        if not name:
            raise AssociateError("an associate needs a name (as colleagues know them)")
        if len(name) > 120:
            raise AssociateError("a name has at most 120 characters")
        if role not in ROLES:
            raise AssociateError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        check_pin(pin)
        with self._sessions.begin() as s:
            taken = s.scalar(
                select(Associate.id).where(
                    Associate.store_id == self.store_id,
                    Associate.display_name == name,
                    Associate.disabled_at.is_(None),
                )
            )
            if taken is not None:
                raise AssociateError(f"an active associate is already called {name!r}")
            row = Associate(
                store_id=self.store_id,
                display_name=name,
                role=role,
                pin_hash=self.hasher.hash(pin),
                failed_attempts=0,
                created_at=self.clock(),
            )
            self._save(s, row)
            log.info("associate %s added (%s)", row.id, role)
            return AssociateInfo.of(row)

    def associates(self, include_disabled: bool = False) -> list[AssociateInfo]:
        query = select(Associate).where(Associate.store_id == self.store_id)
        if not include_disabled:
            query = query.where(Associate.disabled_at.is_(None))
        with self._sessions() as s:
            rows = s.scalars(query.order_by(Associate.display_name)).all()
            return [AssociateInfo.of(row) for row in rows]

    def find(self, name_or_id: str) -> AssociateInfo:
        """One associate by exact id, or by name (case-insensitive) among the active ones."""
        matches = [
            a
            for a in self.associates(include_disabled=True)
            if str(a.id) == name_or_id
            or (not a.disabled and a.display_name.casefold() == name_or_id.strip().casefold())
        ]
        if not matches:
            raise AssociateError(f"no associate {name_or_id!r} in store {self.store_id}")
        return matches[0]

    def disable(self, associate_id: uuid.UUID) -> AssociateInfo:
        """Nobody signs in as this associate any more; their history stays theirs."""
        with self._sessions.begin() as s:
            row = self._get(s, associate_id)
            if row.disabled_at is None:
                row.disabled_at = self.clock()
                self._save(s, row)
                log.info("associate %s disabled", row.id)
            return AssociateInfo.of(row)

    # -- signing in (associate mode) -------------------------------------------------------
    def verify(self, associate_id: uuid.UUID, pin: str) -> AssociateInfo:
        """Check a PIN; slow on purpose, so call it off the GUI thread.

        The attempt is counted before the PIN is checked, in one locked step with the
        lockout check (``_count_attempt``): however many attempts arrive at once, from
        threads or kiosks sharing a database, no more than the allowed number is ever
        checked. Success then clears the count; a failure is already in the database, so
        neither a restart nor another kiosk starts the count afresh.
        """
        now = self.clock()
        before, pin_hash, failures, locked_until = self._count_attempt(associate_id, now)
        try:
            self.hasher.verify(pin_hash, pin)
            ok = True
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        with self._sessions.begin() as s:
            row = self._get(s, associate_id)
            if ok:
                # the count goes back to what it was when it was last synced (0): a plain
                # write; only a real change travels as a new version
                row.failed_attempts, row.locked_until = 0, None
                rehash = self.hasher.check_needs_rehash(row.pin_hash)
                if rehash:
                    row.pin_hash = self.hasher.hash(pin)
                if rehash or before != (0, None):
                    self._save(s, row)
                log.info("associate %s signed in", row.id)
                return AssociateInfo.of(row)
            self._save(s, row)  # the count and any lockout travel to the store and other kiosks
        log.warning("associate %s: wrong PIN (%d in a row)", associate_id, failures)
        if locked_until is not None:
            raise SignInRefused("locked", locked_until=locked_until)
        raise SignInRefused("wrong_pin", attempts_left=FREE_ATTEMPTS - failures)

    def _count_attempt(
        self, associate_id: uuid.UUID, now: dt.datetime
    ) -> tuple[tuple[int, dt.datetime | None], str, int, dt.datetime | None]:
        """Refuse a disabled or locked-out associate, else count this attempt as a failure
        (with the lockout it would earn) until the PIN proves right.

        The first statement is the increment itself: it takes PostgreSQL's row lock and
        SQLite's write lock before anything is read, so no other attempt can read the count
        between this one's check and its increment. A refusal rolls the increment back.
        Returns the state before the attempt, the PIN hash, the count and the lockout.
        """
        with self._sessions.begin() as s:
            s.execute(
                update(Associate)
                .where(Associate.id == associate_id)
                .values(failed_attempts=func.coalesce(Associate.failed_attempts, 0) + 1)
                .execution_options(synchronize_session=False)
            )
            row = self._get(s, associate_id)
            s.refresh(row)
            failures = row.failed_attempts
            before = (failures - 1, row.locked_until)
            if row.disabled_at is not None:
                raise SignInRefused("disabled")
            if row.locked_until is not None and row.locked_until > now:
                raise SignInRefused("locked", locked_until=row.locked_until)
            lock = lockout_after(failures)
            row.locked_until = now + lock if lock else None
            return before, row.pin_hash, failures, row.locked_until

    def _get(self, s: Session, associate_id: uuid.UUID) -> Associate:
        row = s.get(Associate, associate_id)
        if row is None or row.store_id != self.store_id:
            raise SignInRefused("unknown")
        return row

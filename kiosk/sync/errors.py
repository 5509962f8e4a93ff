"""Telling a passing store outage from a row the store refuses for good, without leaking.

A transient failure (the network, a restart, a timeout) means "try the whole batch again
later"; a permanent one (a constraint or data error) means "this row will never go in as it
is": bisect the batch, quarantine that row, keep the queue moving. Messages kept for status
and logs carry the SQLSTATE and the server's primary message only: never the statement, its
parameters (personal data) or the server's DETAIL line (key values), and never a password.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from kiosk.errors import KioskError

# SQLSTATE classes: 22 data exception, 23 integrity constraint violation.
PERMANENT_CLASSES = frozenset({"22", "23"})


class SyncError(KioskError):
    """Sync cannot go on right now; the message is safe to show and to log."""


class StoreUnavailable(SyncError):
    """The store database cannot be reached or failed in passing; retried with backoff."""


class StoreSchemaError(SyncError):
    """The store database is not at the schema this kiosk needs; store IT must migrate it."""


def sqlstate_of(exc: BaseException) -> str | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def is_permanent(exc: BaseException) -> bool:
    """True when the store rejected the data itself; anything else may pass by retrying."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return False
    if isinstance(exc, DataError | IntegrityError):
        return True  # includes values the driver refuses to send (a NUL in a text)
    state = sqlstate_of(exc)
    return state is not None and state[:2] in PERMANENT_CLASSES


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def describe(exc: BaseException, secrets: Iterable[str | None] = ()) -> str:
    """A one-line, password-free, personal-data-free account of a database failure."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        text = str(primary)
    else:
        # Connection failures carry no diagnostics: the first line of the driver's text.
        lines = str(orig).strip().splitlines()
        text = lines[0] if lines else type(orig).__name__
    state = sqlstate_of(exc)
    constraint = getattr(diag, "constraint_name", None) if diag is not None else None
    parts = [f"[{state}]" if state else f"[{type(orig).__name__}]", text]
    if constraint:
        parts.append(f"(constraint {constraint})")
    return scrub(" ".join(parts), secrets)[:500]

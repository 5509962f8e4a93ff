"""Nothing of the client book reaches a customer's screen (issue 17, "privacy stays whole").

The kiosk's visit is attached to a known client who has an advisor, two key dates (a
birthday and a date of their own naming) and the outreach tasks the rules made of them; the
visit a returning customer restores by code is that client's too. Every customer screen the
visual baseline knows (tests/ui/screen_states.py, the screens of ui/screens/customer) is
then reached as a customer would, and no visible text, nor any text a painter draws, holds
the client's name or contact, a key date's label, or the advisor's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.clients.attach import Attachment
from kiosk.clients.consent import CLIENTELING
from kiosk.clock import utcnow
from kiosk.db.models import FollowupLink, FollowupTask, Visit
from kiosk.outreach.rules import KEY_DATE, sweep_outreach
from tests.clients.privacy.helpers import KEY_LABEL
from tests.ui import screen_states
from tests.ui.clipping import shown
from tests.ui.screen_states import RETURN_CODE, STATES, STORE_ID, Driver, State
from tests.ui.test_clienteling import EMAIL, NAME, PHONE, seed_client
from tests.ui.test_my_clients import book_of, store_today

ADVISOR = "Marc Lefèvre"
SECRETS = (NAME, *NAME.split(), PHONE, PHONE.replace(" ", ""), EMAIL, KEY_LABEL, "Perrotin")
SECRETS = (*SECRETS, ADVISOR, *ADVISOR.split())


def client_with_a_book(kiosk: Driver) -> Any:
    """Héloïse Durand (a visit before, a note, a profile), Marc her advisor, her birthday in
    three days and a date of her own naming in five; the outreach sweep's tasks for both."""
    shell = kiosk.shell
    rt = shell.runtime
    marc = kiosk.add_associate(ADVISOR, "associate", "604127")
    client, _ = seed_client(shell, marc)
    book_of(shell, marc, marc, client, 3)
    day, now = store_today(shell) + dt.timedelta(days=5), utcnow()

    def more() -> None:
        book = rt.client_book
        book.add_key_date(client, "other", day.month, day.day, None, KEY_LABEL, marc.id, now)
        with Session(rt.engine) as s, s.begin():
            sweep_outreach(s, STORE_ID, now, dt.UTC)

    rt.recorder.submit(more).result()
    with Session(rt.engine) as s:
        tasks = s.scalars(select(FollowupTask.id).where(FollowupTask.kind == KEY_DATE)).all()
    assert len(tasks) == 2, "one outreach task for each key date"
    return client


def theirs(client: Any, reach: Callable[[Driver, str], None]) -> Callable[[Driver, str], None]:
    """``reach``, then the visit on show is the client's (attached as the consultation does)."""

    def then(kiosk: Driver, language: str) -> None:
        reach(kiosk, language)
        attach = Attachment((CLIENTELING,), language, customer_id=client)
        kiosk.shell.journey.attach_client(attach).result()

    return then


def returning_theirs(client: Any) -> Callable[[Driver, str], None]:
    """The earlier visit a returning customer's code restores is the client's."""

    def reach(kiosk: Driver, language: str) -> None:
        screen_states._returning(kiosk)
        engine = kiosk.shell.runtime.engine  # type: ignore[union-attr]
        with Session(engine) as s, s.begin():
            link = select(FollowupLink.visit_id).where(FollowupLink.fallback_code == RETURN_CODE)
            made = s.execute(
                update(Visit).where(Visit.id == link.scalar_subquery()).values(customer_id=client)
            )
            assert made.rowcount == 1, "the returning visit"

    return reach


def customer_states(shell: Any, client: Any) -> Iterator[State]:
    """The baseline's states of customer screens, in order, the visit made the client's. The
    PIN pad over the selection is left out: it lists every associate of the store to sign
    in, whoever the client is (it is the associates' way in, not the client's book)."""
    for state in STATES:
        screen = shell.screens[state.name.split("-")[0]]
        if not type(screen).__module__.startswith("ui.screens.customer."):
            continue
        if state.reach is screen_states._pin_pad:
            continue
        if state.name == "greeting":
            state = State(state.name, theirs(client, state.reach))
        elif state.name == "returning":
            state = State(state.name, returning_theirs(client))
        yield state


@contextmanager
def painted(into: list[str]) -> Iterator[None]:
    """Every text a painter draws while the window is grabbed (cards and painted names)."""
    draw = QPainter.drawText

    def draw_text(self: Any, *args: Any) -> Any:
        into.extend(a for a in args if isinstance(a, str))
        return draw(self, *args)

    QPainter.drawText = draw_text  # type: ignore[method-assign]
    try:
        yield
    finally:
        QPainter.drawText = draw  # type: ignore[method-assign]


def visible_text(window: QWidget) -> list[str]:
    """Every text on show: what labels, buttons and fields say, their tooltips and accessible
    names, and what painters draw."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not shown(widget, window):
            continue
        for reader in ("text", "placeholderText", "toPlainText"):
            method = getattr(widget, reader, None)
            if callable(method):
                try:
                    said = method()
                except TypeError:  # a text() that wants arguments (not a widget's words)
                    continue
                if isinstance(said, str):
                    texts.append(said)
        texts += [widget.toolTip(), widget.accessibleName(), widget.windowTitle()]
    with painted(texts):
        window.grab()
    return [t for t in texts if t.strip()]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_no_customer_screen_shows_the_client_their_dates_or_their_advisor(
    make_shell, language
) -> None:
    from tests.ui.conftest import at_rest, wait_for

    shell = make_shell(store_id=STORE_ID)
    kiosk = Driver(shell)
    client = client_with_a_book(kiosk)
    walked, said = [], {}
    for state in customer_states(shell, client):
        if language not in state.languages:
            continue
        state.reach(kiosk, language)
        wait_for(lambda: at_rest(shell), f"{state.name} to settle")
        current = shell.router.current
        assert type(current).__module__.startswith("ui.screens.customer."), state.name
        texts = visible_text(shell)
        assert texts, f"{state.name}: no text seen (the walk would see nothing)"
        said[state.name] = texts
        walked.append(state.name)
    with Session(shell.runtime.engine) as s:  # the walk was with the client's visits
        assert (
            s.scalar(select(Visit.customer_id).where(Visit.id == shell.journey.state.visit_id))
            == client
        )

    found = [
        f"{name}: {secret!r} in {text!r}"
        for name, texts in said.items()
        for text in texts
        for secret in SECRETS
        if secret.casefold() in text.casefold()
    ]
    assert not found, "\n".join(found)
    assert {"greeting", "selection", "handoff", "farewell", "returning-welcome"} <= set(walked)

"""The dashboard's "Outreach" view: a manager sees, for each associate, the outreach done
against due in the period and by which channel, with the store's own line, listed by name
(never by score); an associate sees none of it. Screenshots in both languages and portrait."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy.orm import Session

from kiosk.db.models import Customer, FollowupTask
from kiosk.db.outbox import save
from kiosk.insights.measures import Period
from tests.insights.fixtures import NOW, PARIS, STORE, at
from tests.ui.test_associate_mode import add_associate, grab
from tests.ui.test_dashboard import figures_shown, open_home

# Today (Paris) in this store, by whom each outreach is for:
# - Ana Ribeiro: two due, one done by message;
# - Claire Dubois (the manager signed in): one due, done by call;
# - Marc Lefèvre: three due, two done (a call, in store); not counted: one stopped when the
#   client withdrew consent, one due three days ago (another period), a thank-you (not an
#   outreach);
# - the whole store (no advisor): one due, not done.
# By name: Ana, Claire, Marc, the store; by score it would be Claire, Marc, Ana.
EXPECTED_EN = [
    ("Ana Ribeiro", "1 of 2", "0", "1", "0", "0"),
    ("Claire Dubois", "1 of 1", "1", "0", "0", "0"),
    ("Marc Lefèvre", "2 of 3", "1", "0", "1", "0"),
    ("Whole store (no advisor)", "0 of 1", "0", "0", "0", "0"),
]
COLUMNS = ("name", "done", "call", "message", "in_store", "letter")


def seed_outreach_figures(engine, people: dict[str, uuid.UUID]) -> None:  # type: ignore[no-untyped-def]
    """The outreach tasks above, for the associates ``people`` (by first name)."""
    with Session(engine) as s, s.begin():
        client = Customer(store_id=STORE, full_name="Hélène Moreau", created_at=at(days=-400))
        save(s, client)

        def task(
            who: str | None,
            kind: str = "lapsed",
            due: dt.datetime | None = None,
            outcome: str | None = None,
            channel: str | None = None,
        ) -> None:
            done = outcome is not None
            save(
                s,
                FollowupTask(
                    store_id=STORE,
                    customer_id=client.id,
                    kind=kind,
                    due_at=due or at(hours=-5),
                    assigned_to=people[who] if who else None,
                    created_at=at(days=-10),
                    details={"rule": kind},
                    completed_at=at(hours=-1) if done else None,
                    completed_by=people[who] if done and who else None,
                    outcome=outcome,
                    channel=channel,
                ),
            )

        task("ana", "key_date", outcome="reached", channel="message")
        task("ana", "new_arrival")
        task("claire", "purchase_anniversary", outcome="left_message", channel="call")
        task("marc", "lapsed", outcome="visit_booked", channel="call")
        task("marc", "key_date", outcome="reached", channel="in_store")
        task("marc", "new_arrival")
        task("marc", "lapsed", outcome="consent_withdrawn")
        task("marc", "key_date", due=at(days=-3), outcome="reached", channel="letter")
        task("marc", "thank_you", outcome="reached")
        task(None, "purchase_anniversary")


def open_outreach(make_shell, qtbot, lang: str):  # type: ignore[no-untyped-def]
    shell = make_shell(store_id=STORE)
    people = {
        "ana": add_associate(shell, "Ana Ribeiro", "associate", "604128").id,
        "marc": add_associate(shell, "Marc Lefèvre", "associate", "604127").id,
    }
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    home = open_home(shell, qtbot, "manager")  # Claire Dubois
    people["claire"] = shell.associate_mode.associate.id
    seed_outreach_figures(shell.runtime.engine, people)
    shell.set_language(lang)
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    view = dashboard.view_buttons["outreach"]
    assert view.isVisible()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    return shell, dashboard, people


def table(card) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(label.text() for label in row) for row in card.rows]


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_manager_sees_outreach_done_against_due_by_name(make_shell, qtbot, screenshot_dir, lang):
    shell, dashboard, people = open_outreach(make_shell, qtbot, lang)
    card = dashboard.outreach
    assert card.isVisible()
    assert not dashboard.funnel.isVisible()  # in the charts' place
    if lang == "en":
        assert table(card) == EXPECTED_EN
        assert card.findChild(QLabel, "column-in_store").text() == "IN STORE"
    else:
        assert [row[0] for row in table(card)] == [
            "Ana Ribeiro",
            "Claire Dubois",
            "Marc Lefèvre",
            "全店（未指定顾问）",
        ]
        assert table(card)[2][1:] == ("2 / 3", "1", "0", "1", "0")
    assert card.findChild(QLabel, f"row-{people['marc']}-done").text() == table(card)[2][1]
    grab(shell, screenshot_dir, f"associate-dashboard-outreach-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "associate-dashboard-outreach-portrait-en")
        shell.resize(QSize(1920, 1080))

    # another period: the figures follow it (Marc's letter three days ago is the week's)
    qtbot.mouseClick(dashboard.period_buttons[Period.WEEK], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.WEEK), timeout=10_000)
    marc = next(row for row in table(card) if row[0] == "Marc Lefèvre")
    assert marc[1:] == ("3 of 4" if lang == "en" else "3 / 4", "1", "0", "1", "1")


def test_an_associate_sees_no_outreach_figures(make_shell, qtbot):
    """The dashboard is a manager's tool: an associate neither sees nor opens it, and the
    outreach card itself draws no one's figures for anyone but a manager."""
    shell = make_shell(store_id=STORE)
    marc = add_associate(shell, "Marc Lefèvre", "associate", "604127")
    home = open_home(shell, qtbot, "associate")
    seed_outreach_figures(
        shell.runtime.engine, {"marc": marc.id, "ana": marc.id, "claire": marc.id}
    )
    assert home.findChild(QPushButton, "tool-dashboard").isHidden()
    assert shell.associate_mode.open_tool("dashboard") is False
    assert shell.router.current.NAME == "associate"

    # a dashboard drawn while an associate is signed in (as if reached some other way)
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    dashboard.show_period(Period.TODAY)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    assert dashboard.shown.outreach  # the store has figures...
    assert dashboard.outreach.rows == []  # ...and none is drawn for an associate
    assert dashboard.view_buttons["outreach"].isHidden()
    dashboard.show_view("outreach")
    assert dashboard.outreach.isHidden()
    names = [label.text() for label in dashboard.outreach.findChildren(QLabel)]
    assert "Marc Lefèvre" not in names


def test_the_rows_go_by_name_never_by_score():
    from kiosk.insights.outreach import OutreachFigure
    from ui.screens.associate.dashboard_outreach import by_name

    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    figures = [
        OutreachFigure(None, "store", 4, 0, {}),
        OutreachFigure(a, "Zoé Laurent", 10, 10, {"call": 10}),
        OutreachFigure(b, "ana Ribeiro", 10, 1, {"call": 1}),
        OutreachFigure(c, "Élise Martin", 10, 5, {"call": 5}),
    ]
    assert [f.associate_id for f in by_name(figures)] == [b, c, a, None]


def test_the_channels_shown_are_the_domain_s():
    from kiosk.db.client_book_rows import CHANNELS
    from ui.screens.associate.dashboard_outreach import CHANNELS as SHOWN

    assert SHOWN == CHANNELS

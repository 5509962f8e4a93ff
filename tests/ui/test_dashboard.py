"""The store dashboard: a manager opens it from the tools card and sees the hand-counted store;
an associate does not get it. Screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy.orm import Session

from kiosk.db.models import Case
from kiosk.insights.measures import Period
from tests.insights.fixtures import EXPECTED, NOW, PARIS, STORE, at, build
from tests.ui.test_associate_mode import add_associate, grab, sign_in

MANAGER_PIN = "730516"


def open_home(shell, qtbot, role):  # type: ignore[no-untyped-def]
    who = add_associate(shell, "Claire Dubois", role, MANAGER_PIN)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, who, MANAGER_PIN)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    return shell.screens["associate"]


def figures_shown(screen, period):  # type: ignore[no-untyped-def]
    return screen.shown is not None and screen.shown.period is period and not screen.loading


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_manager_opens_the_dashboard_and_sees_the_store(make_shell, qtbot, screenshot_dir, lang):
    shell = make_shell(store_id=STORE)
    build(shell.runtime.engine)  # this kiosk's own records: no store database here
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    home = open_home(shell, qtbot, "manager")
    shell.set_language(lang)
    button = home.findChild(QPushButton, "tool-dashboard")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shell.router.current is dashboard
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)

    today = EXPECTED["today"]
    tiles = {name: tile.figure.text() for name, tile in dashboard.tiles.items()}
    assert tiles == {
        "visits": str(today["visits"]),
        "dwell": "1 min 52 s" if lang == "en" else "1 分 52 秒",  # 112.5 s
        "nps": "0",  # one promoter, one detractor: a real 0
        "ces": "4.3",
        "due": "2",
        "done": "1",
    }
    # the ease question is optional on the kiosk: its tile says on how many answers it rests
    ces_detail = dashboard.tiles["ces"].detail.text()
    assert str(today["ces"][1]) in ces_detail
    assert ("optional" if lang == "en" else "选答") in ces_detail
    assert [bar.value for bar in dashboard.funnel.bars] == today["funnel"]
    assert dashboard.note.isVisible()  # only this kiosk's records
    product = shell.pack.product(today["top_products"][0][0]).name.get(lang)
    assert dashboard.products.bars[0].label == product
    assert dashboard.products.bars[0].figure == "3"
    qtbot.waitUntil(lambda: all(dashboard._fresh(p) for p in Period), timeout=10_000)
    grab(shell, screenshot_dir, f"associate-dashboard-today-{lang}")

    qtbot.mouseClick(dashboard.period_buttons[Period.WEEK], Qt.MouseButton.LeftButton)
    assert figures_shown(dashboard, Period.WEEK)  # fetched behind the first: instant
    assert dashboard.tiles["nps"].figure.text() == "+20"
    assert dashboard.tiles["visits"].figure.text() == "7"
    assert [bar.value for bar in dashboard.funnel.bars] == EXPECTED["7d"]["funnel"]
    qtbot.mouseClick(dashboard.period_buttons[Period.MONTH], Qt.MouseButton.LeftButton)
    assert dashboard.tiles["done"].figure.text() == "2"
    grab(shell, screenshot_dir, f"associate-dashboard-30d-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "associate-dashboard-30d-portrait-en")
        shell.resize(QSize(1920, 1080))


def test_an_empty_store_shows_dashes_not_zeros(make_shell, qtbot):
    shell = make_shell()
    dashboard = shell.screens["dashboard"]
    open_home(shell, qtbot, "manager")
    assert shell.associate_mode.open_tool("dashboard")
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    # the visit of this test is the store's only one: no answers yet
    assert dashboard.tiles["nps"].figure.text() == "—"
    assert dashboard.tiles["ces"].figure.text() == "—"
    assert dashboard.tiles["dwell"].figure.text() == "—"  # still open


def test_an_associate_neither_sees_nor_opens_the_dashboard(make_shell, qtbot):
    shell = make_shell()
    home = open_home(shell, qtbot, "associate")
    assert home.findChild(QPushButton, "tool-dashboard").isHidden()
    assert shell.associate_mode.open_tool("dashboard") is False
    assert shell.router.current.NAME == "associate"


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_service_recovery_tiles_show_the_cases(make_shell, qtbot, screenshot_dir, lang):
    shell = make_shell(store_id=STORE)
    build(shell.runtime.engine)  # five visits today
    with Session(shell.runtime.engine) as s, s.begin():
        for created, answered in ((at(hours=-30), None), (at(hours=-3), 20)):
            s.add(
                Case(
                    store_id=STORE,
                    opened_via="farewell",
                    category="waiting",
                    created_at=created,
                    acknowledged_at=None
                    if answered is None
                    else created + dt.timedelta(minutes=answered),
                    resolved_at=None
                    if answered is None
                    else created + dt.timedelta(minutes=answered),
                    first_contact=answered is not None,
                )
            )
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    open_home(shell, qtbot, "manager")
    shell.set_language(lang)
    assert shell.associate_mode.open_tool("dashboard")
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    shown = {name: tile.figure.text() for name, tile in dashboard.recovery.items()}
    assert shown == {
        "complaints": "20.0",  # one case today over five visits
        "response": "20 min" if lang == "en" else "20 分钟",
        "first_contact": "100%",
        "escalated": "0%",
        "open": "1",  # yesterday's, whatever the period
        "after": "—",  # nobody came back: too few to compare, not a verdict
    }
    assert ("1 overdue" if lang == "en" else "1 件已超时") in dashboard.recovery[
        "open"
    ].detail.text()
    assert ("Too few" if lang == "en" else "样本太少") in dashboard.recovery["after"].detail.text()
    assert not dashboard.recovery_card.isVisible()  # the journey's charts first
    qtbot.mouseClick(dashboard.view_buttons["recovery"], Qt.MouseButton.LeftButton)
    assert dashboard.recovery_card.isVisible()
    assert not dashboard.funnel.isVisible()
    grab(shell, screenshot_dir, f"associate-dashboard-recovery-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "associate-dashboard-recovery-portrait-en")
        shell.resize(QSize(1920, 1080))
    qtbot.mouseClick(dashboard.view_buttons["journey"], Qt.MouseButton.LeftButton)
    assert dashboard.funnel.isVisible()
    assert not dashboard.recovery_card.isVisible()


def test_the_dashboard_counts_the_store_s_days_not_the_machine_s(make_shell, qtbot, monkeypatch):
    """The screen reckons "today" from ``store_timezone``: a kiosk whose machine runs on UTC
    in a Paris store shows Paris's day (it took the machine's zone: 4 visits, not 5)."""
    import time

    monkeypatch.setenv("TZ", "UTC")  # the machine's clock, whatever this one's is
    time.tzset()
    shell = make_shell(store_id=STORE, store_timezone="Europe/Paris")
    build(shell.runtime.engine)
    dashboard = shell.screens["dashboard"]
    dashboard.clock = lambda: NOW  # the zone is left to the screen
    home = open_home(shell, qtbot, "manager")
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    assert dashboard.tiles["visits"].figure.text() == str(EXPECTED["today"]["visits"])
    # "as of" is the store's time too (it said the machine's, an hour behind Paris in winter)
    from zoneinfo import ZoneInfo

    paris = dashboard.shown.end.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")
    assert paris != dashboard.shown.end.astimezone(dt.UTC).strftime("%H:%M")
    assert paris in dashboard.status.text(), dashboard.status.text()
    monkeypatch.undo()
    time.tzset()

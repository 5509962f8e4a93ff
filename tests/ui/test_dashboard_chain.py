"""The dashboard's "Stores" view (issue 20) against a real headquarters PostgreSQL: the
headquarters role sees two stores compared, each column what ``kiosk.insights.chain`` counts
for that store, and opens nothing with client data; a headquarters that does not answer, and
one with no store yet, each get a calm line. Both languages, landscape and portrait.

The headquarters database is a store-schema database with two stores' rows written into it
directly (as replication leaves them: visits, summaries, a case), not replicated: replication
is tested in tests/chain/test_replication.py."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kiosk.db.models import Case
from kiosk.insights.chain import chain_figures
from kiosk.insights.measures import Period
from tests.chain.replication_data import NOW, write_visits
from tests.pg import _free_port
from tests.ui.conftest import grab
from tests.ui.test_associate_mode import add_associate, sign_in

PIN = "730516"
PARIS = ZoneInfo("Europe/Paris")
WAIT_MS = 15_000


def seed_hq(url: str) -> None:
    """Two stores at headquarters: paris with 5 visits and a case answered in 20 minutes,
    milan with 3 visits."""
    engine = create_engine(url)
    write_visits(engine, "paris", 5)
    write_visits(engine, "milan", 3, NOW - dt.timedelta(hours=2))
    created = NOW - dt.timedelta(hours=1)
    with Session(engine) as s, s.begin():
        s.add(
            Case(
                store_id="paris",
                opened_via="farewell",
                category="waiting",
                score=5,
                created_at=created,
                acknowledged_at=created + dt.timedelta(minutes=20),
            )
        )
    engine.dispose()


def sign_in_as(shell, qtbot, role: str):  # type: ignore[no-untyped-def]
    who = add_associate(shell, "Hana Mori", role, PIN)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, who, PIN)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    return shell.screens["associate"]


def open_stores(shell, qtbot, role: str):  # type: ignore[no-untyped-def]
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    home = sign_in_as(shell, qtbot, role)
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    assert shell.router.current is dashboard
    return dashboard


def expected_columns(url: str, lang: str, shell) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from ui.screens.associate.dashboard_chain import cells

    engine = create_engine(url)
    with Session(engine) as s:
        found = chain_figures(s, [Period.TODAY], NOW, PARIS, dt.timedelta(hours=24))
    engine.dispose()

    def name(sku: str) -> str:
        product = shell.pack.product(sku)
        return product.name.get(lang) if product else sku

    return {store: cells(f, lang, name) for store, f in found}


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_headquarters_sees_the_stores_compared_as_the_chain_counts_them(
    make_shell, qtbot, store_url, screenshot_dir, lang
):
    seed_hq(store_url)
    shell = make_shell(store_id="paris", hq_db_url=store_url, case_response_hours=24)
    home = sign_in_as(shell, qtbot, "headquarters")
    shell.set_language(lang)
    # the dashboard is its one tool; nothing of a customer on its home
    shown = [
        b.objectName()
        for b in home.findChildren(QPushButton)
        if b.objectName().startswith("tool-") and b.isVisible()
    ]
    assert shown == ["tool-dashboard"]
    assert not home.consult_button.isVisible()
    assert not home.open_case_button.isVisible()
    assert not home.case_desk.frame.isVisible()
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    chain = dashboard.chain
    assert dashboard.view == "stores"  # headquarters comes for the stores
    qtbot.waitUntil(lambda: chain.state == "shown", timeout=WAIT_MS)

    columns = chain.texts()
    assert columns == expected_columns(store_url, lang, shell)
    assert list(columns) == ["milan", "paris"]
    assert columns["paris"][0] == "5"
    assert columns["milan"][0] == "3"
    assert columns["paris"][2] == "+20 (5)"  # NPS: 3 promoters, 2 detractors, 5 answers
    assert columns["paris"][-5] == "20.0"  # one complaint in 5 visits: 20 per 100
    assert columns["milan"][-5] == "0.0"
    assert not chain.message.isVisible()
    assert dashboard.view_buttons["stores"].isVisible()
    assert not dashboard.view_buttons["outreach"].isVisible()  # per associate: managers only
    grab(shell, screenshot_dir, f"associate-dashboard-stores-{lang}")
    shell.resize(QSize(1080, 1920))
    grab(shell, screenshot_dir, f"associate-dashboard-stores-portrait-{lang}")
    shell.resize(QSize(1920, 1080))

    # another period: read at headquarters again, the stores' 7 days
    qtbot.mouseClick(dashboard.period_buttons[Period.WEEK], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chain.state == "shown" and chain.period is Period.WEEK, timeout=WAIT_MS)
    assert chain.texts()["paris"][0] == "5"


def test_headquarters_opens_no_screen_with_client_data(make_shell, qtbot, store_url):
    shell = make_shell(hq_db_url=store_url)
    sign_in_as(shell, qtbot, "headquarters")
    mode = shell.associate_mode
    opened = {
        name
        for name, screen in shell.screens.items()
        if getattr(screen, "ASSOCIATE", False) and mode.may_open(screen)
    }
    assert opened == {"associate", "dashboard"}
    for name in ("clients", "consultation", "followups", "my_clients", "case", "privacy"):
        assert mode.open_tool(name) is False, name
        assert shell.router.current.NAME == "associate"


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_an_unreachable_headquarters_is_said_calmly(make_shell, qtbot, screenshot_dir, lang):
    url = f"postgresql://reader:s3cret@127.0.0.1:{_free_port()}/chain"  # nobody listens
    shell = make_shell(hq_db_url=url)
    dashboard = open_stores(shell, qtbot, "headquarters")
    shell.set_language(lang)
    chain = dashboard.chain
    qtbot.waitUntil(lambda: chain.state == "unreachable", timeout=WAIT_MS)
    words = chain.message.text()
    assert ("Headquarters cannot be reached" if lang == "en" else "暂时无法连接总部") in words
    assert "s3cret" not in words
    assert "127.0.0.1" not in words
    assert chain.message.isVisible()
    assert not chain.scroller.isVisible()
    assert chain._retry.isActive()  # asked again shortly, while the view is open
    grab(shell, screenshot_dir, f"associate-dashboard-stores-unreachable-{lang}")


def test_no_store_at_headquarters_yet_says_so(make_shell, qtbot, store_url):
    shell = make_shell(hq_db_url=store_url)
    dashboard = open_stores(shell, qtbot, "headquarters")
    chain = dashboard.chain
    qtbot.waitUntil(lambda: chain.state == "shown", timeout=WAIT_MS)
    assert chain.message.text() == "No store has sent its figures to headquarters yet."
    assert not chain.scroller.isVisible()


def test_a_manager_sees_the_stores_only_when_the_kiosk_knows_headquarters(
    make_shell, qtbot, store_url, screenshot_dir
):
    seed_hq(store_url)
    shell = make_shell(store_id="paris")
    dashboard = open_stores(shell, qtbot, "manager")
    assert dashboard.view == "journey"
    assert not dashboard.view_buttons["stores"].isVisible()
    qtbot.mouseClick(dashboard.home_button, Qt.MouseButton.LeftButton)
    shell.runtime.config.hq_db_url = store_url  # store IT sets it
    home = shell.screens["associate"]
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    assert dashboard.view_buttons["stores"].isVisible()
    qtbot.mouseClick(dashboard.view_buttons["stores"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dashboard.chain.state == "shown", timeout=WAIT_MS)
    assert dashboard.chain.texts()["paris"][0] == "5"
    assert not dashboard.tiles["visits"].isVisible()  # this store's tiles would mislead
    shell.set_language("zh-Hans")
    shell.resize(QSize(1080, 1920))  # five views on their line in portrait, the longest words
    grab(shell, screenshot_dir, "associate-dashboard-stores-manager-portrait-zh-Hans")
    shell.set_language("en")
    grab(shell, screenshot_dir, "associate-dashboard-stores-manager-portrait-en")
    for button in dashboard.view_buttons.values():
        assert button.width() >= button.sizeHint().width(), button.text()

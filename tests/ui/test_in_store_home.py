"""'I'm in the store' from end to end: a customer hands off on kiosk A (a client whose advisor
is X), taps the button on their phone page (the real server, real HTTP, the real store
database), and kiosk C's associate home, after its pull and signed in as X, shows it first,
marked for X, with the area; X's "On my way" reaches the page."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from kiosk.db.models import Associate, ServiceRequest
from tests.handoff.conftest import serve, store  # noqa: F401 - the page's fixtures
from tests.handoff.test_in_store_page import (
    AREAS,
    PIN,
    announce,
    hand_off_client,
    in_store_requests,
)
from tests.ui.conftest import grab
from tests.ui.test_associate_mode import sign_in

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

MINE = {"en": "Your client is in the store", "zh-Hans": "您的客户已到店"}
OTHERS = {"en": "A client is in the store", "zh-Hans": "一位客户已到店"}
FOR_YOU = {"en": "FOR YOU", "zh-Hans": "指定给您"}


def rows(home) -> list[str]:  # type: ignore[no-untyped-def]
    """The object names of the home's request rows, top to bottom."""
    names = []
    for i in range(home.request_list.count()):
        widget = home.request_list.itemAt(i).widget()
        if widget is not None and widget.objectName().startswith("request-"):
            names.append(widget.objectName())
    return names


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_in_the_store_reaches_the_advisors_home_on_another_kiosk_first(
    store,  # noqa: F811
    serve,  # noqa: F811
    make_shell,
    qtbot,
    tmp_path,
    screenshot_dir,
    lang,
):
    base = f"http://127.0.0.1:{store.port}/f/"
    handed = hand_off_client(tmp_path, store.url, base)  # kiosk A: the client, advisor X
    server = serve(KIOSK_STORE_AREAS=AREAS)
    # another customer, no client, taps first: by age theirs would head the list
    assert announce(server, store.links["valid"].token).status == 303
    assert announce(server, handed.link.token, "Salon").status == 303
    [mine] = in_store_requests(store.engine, handed.visit)
    with Session(store.engine) as s:
        [theirs] = [r.id for r in s.scalars(select(ServiceRequest)) if r.id != mine.id]

    shell = make_shell(
        sync=True, store_db_url=store.url, store_id="store-7", kiosk_id="kiosk-c", sync_interval_s=1
    )

    def pulled() -> bool:  # X and both requests reached kiosk C's own database
        with Session(shell.runtime.engine) as s:
            found = set(s.scalars(select(ServiceRequest.id)))
            return s.get(Associate, handed.advisor) is not None and {mine.id, theirs} <= found

    qtbot.waitUntil(pulled, timeout=20_000)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(greeting.language_buttons[lang], Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, SimpleNamespace(id=handed.advisor), PIN)  # X, pulled from the store
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    first, second = f"request-{mine.id}", f"request-{theirs}"
    qtbot.waitUntil(lambda: rows(home)[:2] == [first, second], timeout=10_000)

    row = home.findChild(QLabel, "for-you").parent()
    assert row.objectName() == first  # the mark is on X's client's request, and only there
    assert len(home.findChildren(QLabel, "for-you")) == 1
    assert home.findChild(QLabel, "for-you").text() == FOR_YOU[lang]
    kinds = [w.findChild(QLabel, "kind").text() for w in (row, home.findChild(object, second))]
    assert kinds == [MINE[lang], OTHERS[lang]]
    details = [w.findChild(QLabel, "detail").text() for w in (row, home.findChild(object, second))]
    assert details[0].startswith("Salon · ")  # where to find the client
    assert details[1].startswith("from their phone" if lang == "en" else "来自手机页面")
    grab(shell, screenshot_dir, f"associate-home-in_store-{lang}")

    # "On my way": through the outbox to the store, and the customer's page says so
    on_my_way = home.findChild(QFrame, first).findChild(QPushButton, "acknowledge")  # as drawn now
    qtbot.mouseClick(on_my_way, Qt.MouseButton.LeftButton)
    engine = create_engine(store.url)

    def acknowledged() -> bool:
        with Session(engine) as s:
            request = s.get(ServiceRequest, mine.id)
            return request is not None and request.acknowledged_by == handed.advisor

    qtbot.waitUntil(acknowledged, timeout=15_000)
    engine.dispose()
    page = html.unescape(server.get(f"/f/{handed.link.token}").body)
    assert "an advisor is on the way to you" in page

"""Deliveries and installations in associate mode: the day's services from the store's
real PostgreSQL, "Mark done" there, the client's score taken by phone (refused with a
message when it is missing or its word too long, nothing stored); offline, "Mark done" says
it needs the store database and changes nothing. Screenshots in both languages and portrait.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from kiosk.aftersale.purchases import SaleLine
from kiosk.db.models import Purchase, ServiceBooking, TouchpointScore
from tests.ui.test_associate_mode import add_associate, grab, sign_in
from tests.ui.test_lookbooks import touch
from ui.strings import tr

MONDAY = dt.datetime(2026, 12, 7, 9, 30).astimezone()  # store-local, as the page counts days
TUESDAY = MONDAY.date() + dt.timedelta(days=1)
ON_TUESDAY = dt.datetime.combine(TUESDAY, dt.time(10, 0)).astimezone()
FRIDGE = SaleLine("MV-CL-FR75", 1, None, delivery=True, installation=True)
LAMP = SaleLine("MV-LT-TL1", 2, None, delivery=False, installation=False)
SOFA, OVEN = "MV-LI-SF3", "MV-CO-OV60"


def seed_services(engine, store_id: str, day: dt.date, at: dt.datetime) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    """This kiosk's pulled copy of the day's services, as the sync leaves it: a sofa and an
    oven to deliver in the morning, the oven's installation in the afternoon, and a
    delivery already done. Plain rows (pulled rows have no outbox entry)."""
    ids: dict[str, uuid.UUID] = {}
    with Session(engine) as s, s.begin():

        def sale(name: str, ref: str, items: list[dict[str, object]]) -> Purchase:
            row = Purchase(
                store_id=store_id,
                kiosk_id="kiosk-salon",
                order_ref=ref,
                items=items,
                language="en",
                created_at=at - dt.timedelta(days=6),
            )
            s.add(row)
            s.flush()
            ids[name] = row.id
            return row

        def book(
            name: str, sale: Purchase, service: str, slot: str, place: int, done: bool
        ) -> None:
            row = ServiceBooking(
                store_id=store_id,
                purchase_id=sale.id,
                service=service,
                day=day,
                slot=slot,
                place=place,
                status="done" if done else "booked",
                booked_via="associate",
                created_at=at - dt.timedelta(days=5),
                done_at=at - dt.timedelta(hours=3) if done else None,
            )
            s.add(row)
            s.flush()
            ids[name] = row.id

        line = {"finish": None, "delivery": True, "installation": False}
        kitchen = sale(
            "kitchen",
            "TILL 2026/0117",
            [
                {
                    "sku": OVEN,
                    "quantity": 1,
                    "finish": None,
                    "delivery": True,
                    "installation": True,
                },
                {"sku": SOFA, "quantity": 2, **line},
            ],
        )
        lamp = sale("lamps", "TILL 2026/0098", [{"sku": "MV-LT-FL1", "quantity": 1, **line}])
        book("delivery", kitchen, "delivery", "morning", 0, done=False)
        book("done", lamp, "delivery", "morning", 1, done=True)
        book("installation", kitchen, "installation", "afternoon", 0, done=False)
    return ids


def open_services(shell, qtbot, who, clock=None):  # type: ignore[no-untyped-def]
    """Signed in, the associate home's "Deliveries & installations" tool tapped."""
    screen = shell.screens["services"]
    if clock is not None:
        screen.clock = clock
    touch(qtbot, shell.attract)
    sign_in(shell, qtbot, who)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate")
    button = shell.screens["associate"].findChild(QPushButton, "tool-services")
    assert button is not None
    assert button.isVisible()
    touch(qtbot, button)
    assert shell.router.current is screen
    return screen


def row(screen, booking_id):  # type: ignore[no-untyped-def]
    return screen.findChild(QPushButton, f"booking-{booking_id}")


def shown(widget, name: str) -> str:  # type: ignore[no-untyped-def]
    label = widget.findChild(QLabel, name)
    return label.text() if label is not None else ""


def local_scores(shell) -> int:  # type: ignore[no-untyped-def]
    with Session(shell.runtime.engine) as s:
        return int(s.scalar(select(func.count()).select_from(TouchpointScore)) or 0)


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_the_day_s_services_a_delivery_marked_done_and_its_score_by_phone(
    store, store_url, make_shell, qtbot, tmp_path, screenshot_dir
):
    shell = make_shell(sync=True, store_db_url=store_url, sync_interval_s=1)
    rt = shell.runtime
    elise = add_associate(shell)
    sale_id = rt.recorder.submit(
        lambda: rt.purchases.record(
            rt.pack, None, None, elise.id, (FRIDGE, LAMP), "TILL 2026/0042", "en", MONDAY
        )
    ).result()
    delivery = rt.bookings.book(sale_id, "delivery", TUESDAY, "morning", elise.id, MONDAY)
    rt.bookings.book(sale_id, "installation", TUESDAY, "afternoon", elise.id, MONDAY)
    screen = open_services(shell, qtbot, elise, clock=lambda: ON_TUESDAY)

    # today: the morning delivery and the afternoon installation, from the store database
    qtbot.waitUntil(lambda: row(screen, delivery.id) is not None)
    assert screen.day_buttons[0].isChecked()
    assert screen.scope_note.isHidden()  # the store answered
    morning = rt.bookings.capacity.slot(TUESDAY, "morning")
    hours = f"{morning.start:%H:%M}–{morning.end:%H:%M}"  # the store's setting
    heading = screen.findChild(QLabel, "slot-morning").text()
    assert heading == f"MORNING, {hours}  ·  1"
    line = row(screen, delivery.id)
    assert shown(line, "service") == "Delivery"
    assert shown(line, "items") == "Atelier 75 French-Door Refrigerator × 1"  # not the lamp
    assert shown(line, "status") == "Booked"
    assert screen.findChild(QLabel, "slot-afternoon") is not None

    # the delivery: its details, marked done at the store
    touch(qtbot, line)
    panel = screen.panel
    assert panel.title.text() == "Delivery"
    assert shown(panel, "field-when") == f"Tue 8 Dec · Morning, {hours}"
    assert shown(panel, "field-order") == "TILL 2026/0042"
    assert panel.score_part.isHidden()  # a score comes once it is done
    touch(qtbot, panel.done)
    qtbot.waitUntil(lambda: panel.message.text() == tr("services.marked", "en"))
    with store.connect() as conn:
        status, done_by = conn.execute(
            text("SELECT status, done_by FROM service_bookings WHERE id = :id"),
            {"id": delivery.id},
        ).one()
    assert (status, done_by) == ("done", elise.id)
    assert shown(panel, "field-status").startswith("Done on 8 Dec")
    qtbot.waitUntil(lambda: panel.score_part.isVisible())
    assert panel.done.isHidden()
    qtbot.waitUntil(lambda: shown(row(screen, delivery.id), "status") == "Done")

    # no score chosen: refused with a message, nothing stored
    touch(qtbot, panel.record)
    assert panel.message.text() == tr("services.score.missing", "en")
    assert screen.panel.entry.findChild(QPushButton, "score-11") is None  # 0 to 10 only
    # a word longer than 280 characters: refused by the domain, nothing stored
    touch(qtbot, panel.entry.buttons[9])
    touch(qtbot, panel.entry.word)
    assert panel.entry.keyboard.isVisible()
    assert panel.entry.pad.isHidden()  # the keyboard takes the score buttons' room
    assert panel.entry.caption.text().startswith("Score: 9.")
    qtbot.keyClicks(panel.entry.word, "x" * 281)
    touch(qtbot, panel.entry.keyboard.keys["done"])
    touch(qtbot, panel.record)
    qtbot.waitUntil(lambda: panel.message.text() == tr("services.error.comment", "en"))
    # a score of 11, were anything to ask for one: refused, nothing stored
    panel.record_score(11, "")
    qtbot.waitUntil(lambda: panel.message.text() == tr("services.error.score", "en"))
    assert local_scores(shell) == 0
    grab(shell, screenshot_dir, "associate-services-score-refused-en")

    # the pulled copy learns the delivery was done; then the score is recorded
    def done_here() -> bool:
        with Session(rt.engine) as s:
            found = s.get(ServiceBooking, delivery.id)
            return found is not None and found.done_at is not None

    qtbot.waitUntil(done_here, timeout=20_000)
    panel.entry.word.clear()
    panel.entry.word.setText("Careful and on time")
    touch(qtbot, panel.record)
    qtbot.waitUntil(lambda: panel.message.text() == tr("services.score.recorded", "en", score=9))
    assert panel.score_part.isHidden()
    assert panel.answered.isVisible()
    with Session(rt.engine) as s:
        score = s.scalars(select(TouchpointScore)).one()
        assert (score.touchpoint, score.score, score.comment) == (
            "delivery",
            9,
            "Careful and on time",
        )
        assert (score.given_via, score.recorded_by, score.purchase_id) == (
            "phone",
            elise.id,
            sale_id,
        )

    def at_the_store():  # type: ignore[no-untyped-def]
        with store.connect() as conn:
            return conn.execute(text("SELECT touchpoint, score FROM touchpoint_scores")).all()

    qtbot.waitUntil(lambda: at_the_store() == [("delivery", 9)], timeout=20_000)

    # another day: tomorrow has nothing booked
    touch(qtbot, screen.day_buttons[1])
    qtbot.waitUntil(lambda: screen.findChild(QLabel, "nothing-booked") is not None)
    assert "Wed 9 Dec" in shown(screen, "nothing-booked")


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_offline_mark_done_needs_the_store_database_and_changes_nothing(
    make_shell, qtbot, screenshot_dir, lang
):
    # a store database that does not answer (nothing listens on port 9)
    shell = make_shell(store_db_url="postgresql+psycopg://kiosk@127.0.0.1:9/store")
    rt = shell.runtime
    elise = add_associate(shell)
    now = dt.datetime.now().astimezone()
    ids = seed_services(rt.engine, rt.config.store_id, now.date(), now)
    screen = open_services(shell, qtbot, elise)
    shell.set_language(lang)

    qtbot.waitUntil(lambda: row(screen, ids["delivery"]) is not None)
    assert screen.scope_note.isVisible()  # this kiosk's copy only, and it says so
    assert screen.scope_note.text() == tr("services.kiosk_only", lang)
    sofa = shell.pack.product(SOFA).name.get(lang)
    assert sofa in shown(row(screen, ids["delivery"]), "items")
    assert "× 2" in shown(row(screen, ids["delivery"]), "items")
    assert shown(row(screen, ids["done"]), "status") == tr("services.status.done", lang)
    grab(shell, screenshot_dir, f"associate-services-{lang}")

    touch(qtbot, row(screen, ids["delivery"]))
    panel = screen.panel
    assert panel.done.isEnabled()
    touch(qtbot, panel.done)
    qtbot.waitUntil(lambda: panel.message.text() == tr("services.error.needs_store", lang))
    assert panel.done.isEnabled()  # to try again when the store is back
    with Session(rt.engine) as s:
        kept = s.get(ServiceBooking, ids["delivery"])
        assert (kept.status, kept.done_at) == ("booked", None)
    grab(shell, screenshot_dir, f"associate-services-offline-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "associate-services-offline-portrait-en")


def test_an_associate_opens_services_without_a_store_database(make_shell, qtbot):
    """A kiosk with no store database at all: its own copy, no note to say it fell back;
    "Mark done" says at once that it needs the store database."""
    shell = make_shell()
    rt = shell.runtime
    elise = add_associate(shell)
    now = dt.datetime.now().astimezone()
    ids = seed_services(rt.engine, rt.config.store_id, now.date(), now)
    screen = open_services(shell, qtbot, elise)
    qtbot.waitUntil(lambda: row(screen, ids["installation"]) is not None)
    assert screen.scope_note.isHidden()
    touch(qtbot, row(screen, ids["installation"]))
    assert screen.panel.store_note.text() == tr("services.needs_store", "en")
    assert screen.panel.store_note.isVisible()
    # a day ahead: not yet to be marked done
    touch(qtbot, screen.stepper.plus)
    assert screen.panel.isHidden()
    assert screen.day == now.date() + dt.timedelta(days=1)
    assert shown(screen, "day-value") != ""
    qtbot.mouseClick(screen.stepper.minus, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row(screen, ids["installation"]) is not None)

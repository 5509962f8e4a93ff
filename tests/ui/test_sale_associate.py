"""The sale and its services in associate mode, driven as an associate would: from the
consultation, the visit's pieces become the sale's lines, a finish, quantities and services
are tapped, the till's reference typed on the on-screen keyboard, and the sale saved; then
delivery and installation are booked on the store's real slots (the store's PostgreSQL).
Refusals are said next to what they concern and store nothing; a lost race for the last
place says so and offers the next free times; offline, booking says it needs the store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy import create_engine, func, select, text

from kiosk.aftersale.purchases import SaleLine
from kiosk.clock import utcnow
from kiosk.db.models import Purchase, VisitEvent
from tests.ui.conftest import grab, settle, wait_durable
from tests.ui.test_associate_mode import add_associate
from tests.ui.test_clienteling import tap
from tests.ui.test_lookbooks import PORTRAIT, touch
from tests.ui.test_recovery_associate import signed_in
from ui.strings import tr
from ui.theme import MIN_TOUCH

FRIDGE, LAMP, SOFA = "MV-CL-FR75", "MV-LT-TL1", "MV-LI-SF3"
ORDER = "A-10234"
# every day open, one place a slot: the last place is easy to take
EVERY_DAY = (
    "mon-sun: morning 09:00-12:00 delivery 1 installation 1, "
    "afternoon 13:00-17:00 delivery 1 installation 1"
)


def nothing_cut(shell, name: str) -> None:  # type: ignore[no-untyped-def]
    """The clipping walk's inspector on the screen as shown (the renderer's kiosk has no
    store database, so the slot grid is measured here, and the keyboard typed on); and
    every button on show a finger's size."""
    from tests.ui.clipping import inspect

    settle(shell)
    cuts = [cut.line() for cut in inspect(shell, name)]
    assert not cuts, "\n".join(cuts)
    small = [
        f"{b.objectName() or b.text()}: {b.width()}x{b.height()}"
        for b in shell.router.current.findChildren(QPushButton)
        if b.isVisible() and min(b.width(), b.height()) < MIN_TOUCH
    ]
    assert not small, f"{name}: under {MIN_TOUCH} px: {small}"


def at_the_consultation(shell, qtbot, language: str, skus=(FRIDGE, LAMP)):  # type: ignore[no-untyped-def]
    """A visit in ``language`` with ``skus`` kept, an associate signed in, the consultation."""
    touch(qtbot, shell.attract)
    if language != "en":
        touch(qtbot, shell.screens["greeting"].language_buttons[language])
    for sku in skus:
        shell.journey.set_selected(sku, True)
    elise = add_associate(shell)
    home = signed_in(shell, qtbot, elise)
    touch(qtbot, home.consult_button)
    consult = shell.screens["consultation"]
    assert shell.router.current is consult
    return consult


def purchase_screen(shell, qtbot, language: str, skus=(FRIDGE, LAMP)):  # type: ignore[no-untyped-def]
    consult = at_the_consultation(shell, qtbot, language, skus)
    assert consult.record_button.text() == tr("associate.consult.record", language)
    touch(qtbot, consult.outcome_buttons["purchased"])
    assert consult.record_button.text() == tr("sale.consult.record", language)
    touch(qtbot, consult.record_button)
    screen = shell.screens["purchase"]
    assert shell.router.current is screen
    return screen


def row(screen, sku):  # type: ignore[no-untyped-def]
    return next(r for r in screen.rows if r.sku == sku)


def type_order(screen, qtbot, typed: str) -> None:  # type: ignore[no-untyped-def]
    touch(qtbot, screen.order_field)
    assert screen.keyboard.isVisible()
    tap(qtbot, screen.keyboard, typed)


def stored(shell) -> list[Purchase]:  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        return list(s.scalars(select(Purchase)))


def sell_two_pieces(shell, qtbot, language: str, screen=None):  # type: ignore[no-untyped-def]
    """The scripted sale: the fridge with delivery and installation, two lamps; saved."""
    screen = screen or purchase_screen(shell, qtbot, language)
    assert [r.sku for r in screen.rows] == [FRIDGE, LAMP]
    fridge, lamp = row(screen, FRIDGE), row(screen, LAMP)
    touch(qtbot, fridge.delivery)
    touch(qtbot, fridge.installation)
    assert fridge.delivery.text().startswith("☑")
    assert tr("sale.line.installation", language) in fridge.installation.text()
    touch(qtbot, lamp.more)
    assert lamp.count.text() == "2"
    type_order(screen, qtbot, ORDER)
    assert screen.order_field.text() == ORDER
    touch(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1)
    return screen


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_sale_of_two_pieces_is_recorded_with_its_services_and_the_visit_is_purchased(
    make_shell, qtbot, screenshot_dir, language
):
    shell = make_shell()
    screen = purchase_screen(shell, qtbot, language)
    nothing_cut(shell, f"purchase-{language}")
    grab(shell, screenshot_dir, f"sale-purchase-{language}")
    screen = sell_two_pieces(shell, qtbot, language, screen)
    assert screen.done_title.text() == tr("sale.done.title", language)
    assert screen.book_button.isVisible()
    assert screen.book_button.text() == tr("sale.done.book.both", language)
    nothing_cut(shell, f"purchase-saved-{language}")
    grab(shell, screenshot_dir, f"sale-purchase-saved-{language}")

    (purchase,) = stored(shell)
    assert purchase.order_ref == ORDER
    assert purchase.visit_id == shell.journey.state.visit_id
    assert purchase.language == language
    assert purchase.items == [
        {"sku": FRIDGE, "quantity": 1, "finish": None, "delivery": True, "installation": True},
        {"sku": LAMP, "quantity": 2, "finish": None, "delivery": False, "installation": False},
    ]
    with shell.runtime.store.session() as s:
        outcome = s.scalars(select(VisitEvent).where(VisitEvent.kind == "outcome_recorded")).one()
        assert outcome.payload["outcome"] == "purchased"
        assert outcome.payload["skus"] == [FRIDGE, LAMP]
    consult = shell.screens["consultation"]
    touch(qtbot, screen.done_back)
    assert shell.router.current is consult
    assert consult.outcome_buttons["purchased"].isChecked()


def test_a_piece_found_in_the_catalogue_joins_the_sale_in_its_finish(  # type: ignore[no-untyped-def]
    make_shell, qtbot, screenshot_dir
) -> None:
    shell = make_shell()
    screen = purchase_screen(shell, qtbot, "zh-Hans", skus=(LAMP,))
    touch(qtbot, screen.search_field)
    screen.keyboard.press("zh")  # the reference in Latin letters
    tap(qtbot, screen.keyboard, "sf3")
    found = screen.results.findChild(QPushButton, f"found-{SOFA}")
    assert found is not None
    qtbot.waitUntil(found.isVisible)
    assert found.text().startswith("Rive 三人位")  # the piece's name in the screen's language
    nothing_cut(shell, "purchase-keyboard-zh-Hans-landscape")
    grab(shell, screenshot_dir, "sale-purchase-keyboard-zh-Hans")
    touch(qtbot, found)
    assert [r.sku for r in screen.rows] == [LAMP, SOFA]
    sofa = row(screen, SOFA)
    assert [b.text() for b in sofa.finish_buttons.values()] == [
        "象牙白圈绒",
        "沙色圈绒",
        "炭灰色圈绒",
    ]
    touch(qtbot, sofa.finish_buttons["sand"])
    touch(qtbot, sofa.finish_buttons["charcoal"])  # one finish a line: the last tapped
    assert sofa.finish_buttons["charcoal"].isChecked()
    assert not sofa.finish_buttons["sand"].isChecked()
    type_order(screen, qtbot, ORDER)
    touch(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1)
    items = stored(shell)[0].items
    assert [(i["sku"], i["finish"]) for i in items] == [(LAMP, None), (SOFA, "charcoal")]
    summary = screen.findChild(QLabel, f"done-{SOFA}").text()
    assert "炭灰色圈绒" in summary
    assert not screen.book_button.isVisible()  # nothing needs a service


def test_the_clients_profile_lists_their_purchases_and_books_what_is_missing(  # type: ignore[no-untyped-def]
    make_shell, qtbot
) -> None:
    from tests.ui.test_clienteling import seed_client

    shell = make_shell()
    touch(qtbot, shell.attract)
    elise = add_associate(shell)
    customer_id, _sku = seed_client(shell, elise)
    rt = shell.runtime
    lines = [SaleLine(SOFA, 1, "sand", True, False), SaleLine(LAMP, 2, None, False, False)]
    purchase_id = rt.recorder.submit(
        lambda: rt.purchases.record(rt.pack, None, customer_id, None, lines, ORDER, "en", utcnow())
    ).result()
    signed_in(shell, qtbot, elise)
    shell.associate_mode.open_tool("client_profile", customer_id=customer_id)
    profile = shell.screens["client_profile"]
    name = f"purchase-{purchase_id}"
    qtbot.waitUntil(lambda: profile.findChild(QWidget, name) is not None)
    nothing_cut(shell, "client_profile-purchases-en")  # the profile and its purchases read
    card = profile.findChild(QWidget, name)
    shown = [label.text() for label in card.findChildren(QLabel)]
    assert "1 × Rive Three-Seat Sofa in bouclé  ·  Sand bouclé" in shown
    assert "2 × Alabaster Table Lamp" in shown
    assert "Delivery: Not booked yet" in shown
    touch(qtbot, card.findChild(QPushButton, f"book-{purchase_id}"))
    booking = shell.screens["booking"]
    assert shell.router.current is booking
    qtbot.waitUntil(lambda: booking.purchase is not None and booking.purchase.id == purchase_id)
    assert booking.service == "delivery"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_quantity_0_an_unknown_piece_and_no_order_reference_are_refused_and_store_nothing(
    make_shell, qtbot, language
):
    shell = make_shell()
    screen = purchase_screen(shell, qtbot, language, skus=(FRIDGE, "MV-NO-SUCH-PIECE"))
    unknown = row(screen, "MV-NO-SUCH-PIECE")
    assert tr("sale.line.unknown", language) in unknown.name.text()
    fridge = row(screen, FRIDGE)
    touch(qtbot, fridge.less)  # the stepper never goes under 1
    assert fridge.count.text() == "1"
    assert not fridge.less.isEnabled()

    def refused(where: QLabel, key: str) -> None:
        touch(qtbot, screen.save_button)
        qtbot.waitUntil(lambda: where.isVisible() and where.text() == tr(key, language))
        assert screen.pages.currentIndex() == 0
        assert stored(shell) == []

    type_order(screen, qtbot, ORDER)
    refused(unknown.message, "sale.error.sku")
    assert not fridge.message.isVisible()
    touch(qtbot, unknown.remove)
    assert [r.sku for r in screen.rows] == [FRIDGE]
    fridge.set_quantity(0)  # a quantity the stepper cannot give: the sale's check holds too
    refused(fridge.message, "sale.error.quantity")
    touch(qtbot, fridge.more)
    screen.order_field.clear()
    refused(screen.order_message, "sale.error.order_ref")
    type_order(screen, qtbot, "A_1@till")
    refused(screen.order_message, "sale.error.order_ref")
    touch(qtbot, fridge.remove)
    refused(screen.lines_message, "sale.error.items")


# -- booking on the store's slots ----------------------------------------------------------
def store_kiosk(make_shell, tmp_path, store_url):  # type: ignore[no-untyped-def]
    return make_shell(
        sync=True,
        store_db_url=store_url,
        kiosk_id="kiosk-salon",
        local_db_path=str(tmp_path / "salon" / "kiosk.sqlite3"),
        log_dir=str(tmp_path / "salon" / "logs"),
        service_capacity=EVERY_DAY,
    )


def booking_screen(shell, qtbot, language: str):  # type: ignore[no-untyped-def]
    done = sell_two_pieces(shell, qtbot, language)
    touch(qtbot, done.book_button)
    screen = shell.screens["booking"]
    assert shell.router.current is screen
    return screen


def slots_shown(screen) -> list[QPushButton]:  # type: ignore[no-untyped-def]
    QCoreApplication.sendPostedEvents()  # times just drawn show themselves on the next turn
    return [b for b in screen.grid.buttons.values() if b.isVisible()]


def live_bookings(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    query = text(
        "SELECT service, day, slot FROM service_bookings WHERE cancelled_at IS NULL"
        " ORDER BY service"
    )
    with store.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_delivery_and_installation_are_booked_moved_and_cancelled_at_the_store(
    store, store_url, make_shell, qtbot, tmp_path, screenshot_dir, language, portrait
):
    shell = store_kiosk(make_shell, tmp_path, store_url)
    if portrait:
        shell.resize(PORTRAIT)
        qtbot.waitUntil(lambda: shell.height() == PORTRAIT.height())
    screen = booking_screen(shell, qtbot, language)
    qtbot.waitUntil(lambda: screen.service == "delivery" and len(slots_shown(screen)) > 2)
    orientation = "portrait" if portrait else "landscape"
    nothing_cut(shell, f"booking-{language}-{orientation}")
    grab(shell, screenshot_dir, f"sale-booking-{language}-{orientation}")
    first = slots_shown(screen)[0]
    touch(qtbot, first)
    choice = screen.choice
    assert choice is not None
    assert choice.service == "delivery"
    assert choice.day > dt.date.today()
    touch(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: screen.service == "installation" and len(slots_shown(screen)) > 2)
    assert live_bookings(store) == [("delivery", choice.day, choice.slot)]
    said = screen.findChild(QLabel, "status-delivery").text()
    assert said.startswith(screen.grid.days()[0].strftime("%a")) or language != "en"

    touch(qtbot, slots_shown(screen)[-1])
    install = screen.choice
    touch(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: screen.purchase is not None and not screen.purchase.unbooked())
    assert not screen.grid.isVisible()
    assert screen.grid_note.text() == tr("booking.all_booked", language)
    nothing_cut(shell, f"booking-booked-{language}-{orientation}")
    grab(shell, screenshot_dir, f"sale-booking-booked-{language}-{orientation}")

    # the delivery moves to the installation's time; the installation is cancelled
    touch(qtbot, screen.findChild(QPushButton, "move-delivery"))
    qtbot.waitUntil(lambda: len(slots_shown(screen)) > 2)
    touch(qtbot, screen.grid.buttons[(install.day, install.slot)])
    touch(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: ("delivery", install.day, install.slot) in live_bookings(store))
    touch(qtbot, screen.findChild(QPushButton, "cancel-installation"))
    touch(qtbot, screen.findChild(QPushButton, "cancel-yes-installation"))
    qtbot.waitUntil(lambda: live_bookings(store) == [("delivery", install.day, install.slot)])
    qtbot.waitUntil(lambda: screen.service == "installation")


@pytest.mark.postgres
def test_a_lost_race_for_the_last_place_says_so_and_shows_the_next_free_times(
    store, store_url, make_shell, qtbot, tmp_path, screenshot_dir
):
    shell = store_kiosk(make_shell, tmp_path, store_url)
    screen = booking_screen(shell, qtbot, "en")
    qtbot.waitUntil(lambda: len(slots_shown(screen)) > 2)
    touch(qtbot, slots_shown(screen)[0])
    choice = screen.choice
    # meanwhile another sale takes that slot's only place for its delivery
    rt = shell.runtime
    other = rt.recorder.submit(
        lambda: rt.purchases.record(
            rt.pack,
            None,
            None,
            None,
            [SaleLine(FRIDGE, 1, None, True, False)],
            "B-1",
            "en",
            utcnow(),
        )
    ).result()
    rt.bookings.book(other, "delivery", choice.day, choice.slot, None, utcnow())

    touch(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: screen.message.text() == tr("booking.taken", "en"))
    alternatives = slots_shown(screen)
    assert alternatives
    assert len(alternatives) <= 3
    assert (choice.day, choice.slot) not in screen.grid.buttons
    grab(shell, screenshot_dir, "sale-booking-taken-en")
    touch(qtbot, alternatives[0])
    touch(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: screen.service == "installation")
    with store.connect() as conn:
        mine = conn.execute(
            text("SELECT count(*) FROM service_bookings WHERE cancelled_at IS NULL")
        ).scalar()
    assert mine == 2  # the other sale's and this one's


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_offline_booking_says_it_needs_the_store_and_that_the_sale_is_saved(
    make_shell, qtbot, tmp_path, screenshot_dir, language
):
    silent = "postgresql+psycopg://kiosk@127.0.0.1:9/none"  # nothing listens there
    shell = make_shell(store_db_url=silent)
    screen = booking_screen(shell, qtbot, language)
    offline = tr("booking.offline", language)
    qtbot.waitUntil(lambda: screen.message.isVisible() and screen.message.text() == offline)
    assert screen.retry_button.isVisible()
    assert not slots_shown(screen)
    nothing_cut(shell, f"booking-offline-{language}")
    grab(shell, screenshot_dir, f"sale-booking-offline-{language}")
    assert len(stored(shell)) == 1  # the sale itself is saved
    touch(qtbot, screen.retry_button)
    qtbot.waitUntil(lambda: screen.message.text() == offline and screen.retry_button.isVisible())
    with shell.runtime.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Purchase)) == 1

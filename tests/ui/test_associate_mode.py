"""Associate mode: the discreet way in, PINs, service requests, the consultation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import create_engine, select, text

from kiosk.associates.directory import AssociateDirectory, SignInRefused
from kiosk.db.models import Associate, ServiceRequest, Visit, VisitEvent, VisitNote
from kiosk.station.runtime import start
from kiosk.sync import SyncWorker, open_store
from kiosk.visit.stages import EndReason
from tests.sync.helpers import kiosk_config
from tests.ui.conftest import elapse, grab, timer_of, wait_durable
from ui.associate_mode import AssociateMode
from ui.screens.customer.attract import AttractScreen

PIN = "482913"


def add_associate(shell, name="Élise Martin", role="associate", pin=PIN):  # type: ignore[no-untyped-def]
    rt = shell.runtime
    return AssociateDirectory(rt.engine, rt.config.store_id).add(name, role, pin)


def long_press(qtbot, widget):  # type: ignore[no-untyped-def]
    """A finger held on ``widget`` for the whole 3 s hold (simulated time), then lifted."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton)
    elapse(timer_of(widget, AssociateMode.HOLD_MS))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton)


def open_pad(shell, qtbot, who):  # type: ignore[no-untyped-def]
    screen = shell.router.current
    long_press(qtbot, screen.wordmark)
    pad = shell.associate_mode.pad
    assert pad.isVisible()
    qtbot.waitUntil(lambda: pad.findChild(QPushButton, f"person-{who.id}") is not None)
    return pad


def type_pin(qtbot, pad, pin):  # type: ignore[no-untyped-def]
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)


def sign_in(shell, qtbot, who, pin=PIN):  # type: ignore[no-untyped-def]
    pad = open_pad(shell, qtbot, who)
    qtbot.mouseClick(pad.findChild(QPushButton, f"person-{who.id}"), Qt.MouseButton.LeftButton)
    type_pin(qtbot, pad, pin)
    qtbot.mouseClick(pad.keys["enter"], Qt.MouseButton.LeftButton)
    return pad


def visit_row(shell):  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return s.get(Visit, shell.journey.state.visit_id)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_long_press_pin_and_the_associate_home_with_a_request(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(greeting.language_buttons[lang], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(greeting.associate, Qt.MouseButton.LeftButton)  # "Ask for an advisor"
    qtbot.waitUntil(lambda: greeting.confirmation.text() != "")

    # a customer's ordinary touch, however long short of the 3 s hold, opens nothing
    hold = timer_of(greeting.wordmark, AssociateMode.HOLD_MS)
    qtbot.mousePress(greeting.wordmark, Qt.MouseButton.LeftButton)
    assert hold.isActive()
    qtbot.mouseRelease(greeting.wordmark, Qt.MouseButton.LeftButton)
    assert not hold.isActive()
    assert not shell.associate_mode.pad.isVisible()

    pad = open_pad(shell, qtbot, elise)
    grab(shell, screenshot_dir, f"associate-pin-who-{lang}")
    qtbot.mouseClick(pad.findChild(QPushButton, f"person-{elise.id}"), Qt.MouseButton.LeftButton)
    type_pin(qtbot, pad, PIN[:4])
    assert pad.dots.text() == "●●●●"  # dots, never digits
    assert PIN[:4] not in "".join(w.text() for w in pad.findChildren(QLabel))
    grab(shell, screenshot_dir, f"associate-pin-{lang}")
    type_pin(qtbot, pad, PIN[4:])
    qtbot.mouseClick(pad.keys["enter"], Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    assert not pad.isVisible()
    assert "Élise Martin" in home.who.text()
    qtbot.waitUntil(lambda: home.findChild(QPushButton, "resolve") is not None)
    detail = home.findChild(QLabel, "detail").text()
    assert ("just now" if lang == "en" else "刚刚") in detail
    assert home.findChild(QPushButton, "exit-kiosk").isHidden()  # store IT only
    qtbot.waitUntil(lambda: "·" in home.sync_detail.text() or home.sync_detail.text() != "")
    qtbot.waitUntil(lambda: visit_row(shell).associate_id == elise.id)
    grab(shell, screenshot_dir, f"associate-home-{lang}")

    qtbot.mouseClick(home.findChild(QPushButton, "acknowledge"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.findChild(QPushButton, "acknowledge") is None)
    assert "Élise Martin" in home.findChild(QLabel, "detail").text()
    qtbot.mouseClick(home.findChild(QPushButton, "resolve"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.findChild(QLabel, "no-requests") is not None)
    with shell.runtime.store.session() as s:
        request = s.scalars(select(ServiceRequest)).one()
    assert (request.acknowledged_by, request.resolved_by) == (elise.id, elise.id)
    assert request.resolved_at is not None

    qtbot.mouseClick(home.return_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "greeting"
    assert shell.idle.armed  # the customer's idle countdown runs again


def test_a_wrong_pin_says_so_and_is_counted(make_shell, qtbot):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    pad = sign_in(shell, qtbot, elise, pin="739164")
    qtbot.waitUntil(lambda: "not right" in pad.message.text(), timeout=5000)
    assert "4 more tries" in pad.message.text()
    assert pad.isVisible()
    assert pad.digit_count == 0
    assert shell.router.current.NAME == "greeting"
    assert shell.associate_mode.associate is None
    with shell.runtime.store.session() as s:
        assert s.get(Associate, elise.id).failed_attempts == 1
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)
    assert not pad.isVisible()


def test_locked_out_associate_is_told_how_long_to_wait(make_shell, qtbot):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    directory = shell.associate_mode.directory
    for _ in range(5):
        with pytest.raises(SignInRefused):
            directory.verify(elise.id, "739164")
    sign_in(shell, qtbot, elise)  # even the right PIN waits out the lockout
    pad = shell.associate_mode.pad
    qtbot.waitUntil(lambda: "wait 1 min" in pad.message.text(), timeout=5000)
    assert shell.associate_mode.associate is None


def test_no_way_in_from_attract(make_shell, qtbot):
    shell = make_shell()
    add_associate(shell)
    shell.associate_mode.open_entry()
    assert not shell.associate_mode.pad.isVisible()


def test_a_manager_gets_in_from_the_attract_corner_without_a_visit(
    make_shell, qtbot, screenshot_dir
):
    """No customer there: a 3 s hold in attract's top-left corner opens the PIN pad, and
    nothing is recorded as a visit; a tap in the same corner still welcomes a customer."""
    shell = make_shell()
    claire = add_associate(shell, "Claire Dubois", "manager")
    corner = QPoint(40, 40)
    hold = timer_of(shell.attract, AttractScreen.ENTRY_HOLD_MS)
    qtbot.mousePress(shell.attract, Qt.MouseButton.LeftButton, pos=corner)
    assert hold.isActive()  # the hold has begun...
    qtbot.mouseRelease(shell.attract, Qt.MouseButton.LeftButton, pos=corner)  # ...a tap: a visit
    assert shell.journey.active
    assert shell.router.current.NAME == "greeting"
    shell.end_visit(EndReason.COMPLETED)
    wait_durable(shell)  # the visit's start and end are written before they are counted
    with shell.runtime.store.session() as s:
        visits_before = len(s.scalars(select(Visit.id)).all())
    assert visits_before == 1

    qtbot.mousePress(shell.attract, Qt.MouseButton.LeftButton, pos=corner)
    elapse(hold)  # held for the 3 s
    pad = shell.associate_mode.pad
    assert pad.isVisible()
    assert not shell.journey.active
    qtbot.mouseRelease(shell.attract, Qt.MouseButton.LeftButton, pos=corner)
    assert not shell.journey.active  # the release after a hold is not a tap
    qtbot.waitUntil(lambda: pad.findChild(QPushButton, f"person-{claire.id}") is not None)
    qtbot.mouseClick(pad.findChild(QPushButton, f"person-{claire.id}"), Qt.MouseButton.LeftButton)
    type_pin(qtbot, pad, PIN)
    qtbot.mouseClick(pad.keys["enter"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    assert home.tool_buttons["dashboard"].isVisible()
    assert not home.consult_button.isVisible()
    assert home.return_button.text() == "Leave associate mode"
    grab(shell, screenshot_dir, "associate-home-no-visit-manager-en")

    qtbot.mouseClick(home.return_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active
    wait_durable(shell)  # a visit begun by mistake would have been written by now
    with shell.runtime.store.session() as s:
        assert len(s.scalars(select(Visit.id)).all()) == visits_before  # no visit recorded


def test_idle_associate_mode_signs_out(make_shell, qtbot):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    idle = shell.config.associate_idle_timeout_s * 1000
    elapse(timer_of(shell.associate_mode, idle))  # those minutes pass without a touch
    assert shell.router.current.NAME == "greeting"
    assert shell.associate_mode.associate is None
    assert shell.journey.active  # the customer's visit goes on


def test_store_it_can_sync_now_and_exit(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    it = add_associate(shell, "Store IT", "store_it", "730516")
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, it, "730516")
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    assert home.sync_now.isVisible()
    qtbot.waitUntil(lambda: home.sync_state.text() == "No store database set")
    shell.resize(QSize(1080, 1920))
    grab(shell, screenshot_dir, "associate-home-store-it-portrait-en")
    shell.resize(QSize(1920, 1080))
    qtbot.mouseClick(home.exit_button, Qt.MouseButton.LeftButton)
    assert not shell.isVisible()


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_consultation_shows_needs_and_selection_and_keeps_notes_and_outcome(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.set_language(lang)
    journey, pack = shell.journey, shell.pack
    purpose, rooms = pack.questions[0], pack.questions[1]
    journey.answer(purpose.id, [purpose.options[0].id])
    journey.answer(rooms.id, [rooms.options[0].id, rooms.options[1].id])
    skus = list(pack.products)[:2]
    for sku in skus:
        journey.set_selected(sku, True)
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    qtbot.mouseClick(shell.screens["associate"].consult_button, Qt.MouseButton.LeftButton)
    consult = shell.screens["consultation"]
    assert shell.router.current is consult

    shown = consult.findChild(QLabel, f"need-{rooms.id}").text()
    first, second = (rooms.options[i].label.get(lang) for i in (0, 1))
    # a Chinese list takes the enumeration comma, never a Latin ", " inside Han text
    assert shown == (f"{first}、{second}" if lang == "zh-Hans" else f"{first}, {second}")
    product = consult.findChild(QPushButton, f"product-{skus[0]}")
    assert product.text() == pack.product(skus[0]).name.get(lang)

    qtbot.mouseClick(consult.note_button, Qt.MouseButton.LeftButton)
    assert consult.keyboard.isVisible()
    for key in "prefers walnut":
        consult.keyboard.press("space" if key == " " else key)
    grab(shell, screenshot_dir, f"associate-consultation-keyboard-{lang}")
    consult.keyboard.press("done")
    qtbot.waitUntil(lambda: consult.findChild(QLabel, "note") is not None, timeout=5000)
    assert consult.findChild(QLabel, "note").text() == "prefers walnut"

    qtbot.mouseClick(
        consult.findChild(QPushButton, f"product-{skus[1]}"), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(consult.outcome_buttons["reserved"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(consult.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: consult.recorded.text() != "", timeout=5000)
    grab(shell, screenshot_dir, f"associate-consultation-{lang}")

    visit_id = journey.state.visit_id
    with shell.runtime.store.session() as s:
        assert s.get(Visit, visit_id).outcome == "reserved"
        note = s.scalars(select(VisitNote)).one()
        assert (note.text, note.associate_id) == ("prefers walnut", elise.id)
        events = {e.kind: e.payload for e in s.scalars(select(VisitEvent))}
    assert events["outcome_recorded"]["skus"] == [skus[0]]
    assert "walnut" not in str(events["associate_note"])  # the text lives in the note only
    assert events["associate_joined"]["associate_id"] == str(elise.id)

    # the visit has no client yet: the consultation leads to the client search, and back
    assert consult.client_button.text() == "Find or add the client" or lang != "en"
    qtbot.mouseClick(consult.client_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "clients"
    shell.back()
    assert shell.router.current is consult

    qtbot.mouseClick(consult.back_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "associate"
    shell.end_visit(EndReason.COMPLETED)  # the customer leaves: the associate is signed out
    assert shell.associate_mode.associate is None
    qtbot.waitUntil(lambda: shell.lazy.cleared)  # hidden screens forget in idle time
    assert consult.findChild(QLabel, "note") is None or not consult.notes


@pytest.mark.postgres
def test_a_request_from_another_kiosk_is_answered_here_through_the_store(
    store_url, make_shell, qtbot, tmp_path
):
    other = start(kiosk_config(tmp_path, "entrance-right", store_url, KIOSK_STORE_ID="demo-store"))
    other.journey.begin("en").result()
    request_id = other.journey.request_service("refreshment").result()
    SyncWorker(other.engine, open_store(store_url), "demo-store", pull=False).run_pass()
    other.close()

    shell = make_shell(sync=True, store_db_url=store_url, sync_interval_s=1)
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    row = f"request-{request_id}"
    qtbot.waitUntil(lambda: home.findChild(object, row) is not None, timeout=15_000)
    assert "entrance-right" in home.findChild(QLabel, "detail").text()
    qtbot.mouseClick(home.findChild(QPushButton, "resolve"), Qt.MouseButton.LeftButton)

    store = create_engine(store_url)
    query = text("SELECT resolved_by FROM service_requests WHERE id = :id")

    def resolved() -> bool:
        with store.connect() as conn:
            return conn.execute(query, {"id": request_id}).scalar() == elise.id

    qtbot.waitUntil(resolved, timeout=15_000)
    store.dispose()
    qtbot.waitUntil(lambda: home.findChild(QLabel, "no-requests") is not None, timeout=10_000)


def text_fits(label) -> bool:  # type: ignore[no-untyped-def]
    """Every word of ``label`` is drawn inside it: wrapped at its width, nothing cut."""
    flags = Qt.TextFlag.TextWordWrap
    needed = label.fontMetrics().boundingRect(label.contentsRect(), flags, label.text())
    widest_word = max(label.fontMetrics().horizontalAdvance(w) for w in label.text().split())
    return needed.height() <= label.contentsRect().height() and widest_word <= label.width()


@pytest.mark.parametrize(
    "size", [QSize(1080, 1920), QSize(1920, 1080)], ids=["portrait", "landscape"]
)
def test_the_associate_and_role_in_the_band_are_never_cut(make_shell, qtbot, screenshot_dir, size):
    shell = make_shell()
    who = add_associate(shell, "Marie-Hélène de La Rochefoucauld", "manager")
    shell.resize(size)
    shell.begin_visit()
    sign_in(shell, qtbot, who)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate")
    for language in ("en", "zh-Hans"):
        shell.retranslate(language)
        home = shell.screens["associate"]
        qtbot.waitUntil(lambda home=home: text_fits(home.who))
        assert "Rochefoucauld" in home.who.text()
        assert home.sign_out_button.isVisible()
    grab(shell, screenshot_dir, f"associate-home-long-name-{size.width()}x{size.height()}")

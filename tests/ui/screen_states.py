"""How to reach every screen in a representative state: the one table the visual baseline
(tests/ui/test_every_screen_unchanged.py) depends on.

Everything the renderer knows about the kiosk's inside is here, so a restructured UI needs
edits in this module only. The states are reached the way a customer or an associate would:
the visit is begun and changed through the journey (answers, a selection, a comparison), screens
are opened through the shell's navigation, the associate signs in by the wordmark's long press
and the PIN pad. Data a screen reads (follow-up tasks, a client, the dashboard's store) is seeded
by the same helpers the screens' own tests use, so it moves with them.

States run in table order in one kiosk per language and orientation: a state may build on the
ones before it (the customer screens share one visit; the associate screens come after the
associate has signed in to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from tests.insights.fixtures import BOOK, NOW, STORE, A, B, C, build
from tests.ui.conftest import elapse, timer_of

if TYPE_CHECKING:
    from ui.shell import Shell

# The kiosk's clock while rendering: the dashboard fixtures' "now" (a Wednesday afternoon).
CLOCK = NOW
STORE_ID = STORE
STORY_SKU = "MV-CO-RG90"
SELECTION = (A, B, C)
COMPARED = (A, B)
PIN = "482913"


def prepare(app: QApplication) -> None:
    """What the kiosk's application sets up once before its window (main.py / ui.app)."""
    from ui import tasks, theme
    from ui.fonts import load_bundled_fonts

    tasks.install()
    load_bundled_fonts()
    app.setStyleSheet(theme.style_sheet())


def open_kiosk(config: Any, size: tuple[int, int]) -> Shell:
    """The kiosk window of ``size``, shown and active, its runtime attached (as make_shell
    in tests/ui/conftest.py builds it)."""
    from PySide6.QtCore import QSize

    from kiosk.station.runtime import start
    from tests.ui.conftest import wait_for
    from ui.shell import Shell

    shell = Shell(config)
    shell.resize(QSize(*size))
    shell.show()
    shell.activateWindow()
    wait_for(shell.isActiveWindow, "the window to be active")
    shell.attract.set_fonts_ready()
    shell.attach(start(config))
    return shell


def close_kiosk(shell: Shell) -> None:
    from PySide6.QtCore import QEvent

    runtime = shell.runtime
    shell.lockdown.allow_exit("screen renderer")
    shell.close()  # the visit ends, as when a kiosk is shut
    if runtime is not None:
        runtime.close()
    shell.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class Driver:
    """What a state may do to the kiosk: what a person would (tap, type, hold), and the
    shell's navigation. Records what the states seeded, for the states after them."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.seeded: dict[str, Any] = {}

    def go(self, name: str, **params: Any) -> None:
        self.shell.go(name, **params)

    def tap(self, widget: QWidget) -> None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def type(self, text: str, enter: bool = False) -> None:
        """Keys into whatever has the focus (the screen put it there, as for a customer)."""
        focus = QApplication.focusWidget()
        assert focus is not None, "nothing has the focus to type into"
        QTest.keyClicks(focus, text)
        if enter:
            QTest.keyClick(focus, Qt.Key.Key_Return)

    def wait_until(self, condition: Callable[[], object], what: str) -> None:
        from tests.ui.conftest import wait_for

        wait_for(condition, what)

    # -- associate mode --------------------------------------------------------------------
    def add_associate(self, name: str, role: str, pin: str = PIN) -> Any:
        from kiosk.associates.directory import AssociateDirectory

        runtime = self.shell.runtime
        assert runtime is not None
        return AssociateDirectory(runtime.engine, runtime.config.store_id).add(name, role, pin)

    def open_pin_pad(self, who: Any) -> None:
        """Hold the wordmark of the customer screen on show until the PIN pad lists people."""
        from ui.associate_mode import AssociateMode

        wordmark = self.shell.router.current.wordmark  # type: ignore[attr-defined]
        QTest.mousePress(wordmark, Qt.MouseButton.LeftButton)
        elapse(timer_of(wordmark, AssociateMode.HOLD_MS))
        QTest.mouseRelease(wordmark, Qt.MouseButton.LeftButton)
        pad = self.shell.associate_mode.pad
        person = f"person-{who.id}"
        self.wait_until(lambda: pad.findChild(QPushButton, person) is not None, "the people")

    def sign_in(self, who: Any, pin: str = PIN) -> None:
        """On the open PIN pad: pick the person, type the PIN, Enter."""
        pad = self.shell.associate_mode.pad
        self.tap(pad.findChild(QPushButton, f"person-{who.id}"))
        for digit in pin:
            self.tap(pad.keys[digit])
        self.tap(pad.keys["enter"])
        self.wait_until(lambda: self.shell.router.current.NAME == "associate", "signed in")
        self.move_pointer_away()

    def again(self) -> None:
        """Once every write so far has committed, open the screen on show again: it reads
        what it shows anew (a count read while a write was in flight would vary)."""
        from tests.ui.conftest import at_rest, wait_durable

        wait_durable(self.shell)
        self.wait_until(lambda: at_rest(self.shell), "the kiosk to settle")
        self.go(self.shell.router.current.NAME)

    def move_pointer_away(self) -> None:
        """Nothing stays hovered where the last tap was."""
        QTest.mouseMove(self.shell, QPoint(self.shell.width() - 1, self.shell.height() - 1))
        QCoreApplication.processEvents()


def begin_visit(kiosk: Driver, language: str) -> None:
    """The first touch, the language, answers to the first questions, a selection, two
    products side by side and a call for an advisor (through the journey, as the screens
    record them)."""
    shell = kiosk.shell
    shell.begin_visit()
    shell.set_language(language)
    journey = shell.journey
    for question in shell.pack.questions[:3]:
        journey.answer(question.id, [question.options[0].id])
    for sku in SELECTION:
        journey.set_selected(sku, True)
    for sku in COMPARED:
        journey.set_compared(sku, True)
    journey.request_service("associate")  # "Ask for an advisor": on the associate's home


def seed_store(kiosk: Driver) -> Any:
    """The store's records the associate screens show: the dashboard's hand-counted store and
    a client with follow-up tasks (the helpers of those screens' own tests). Returns the
    associate who signs in: a manager, who may open every tool but diagnostics."""
    from tests.ui.test_clienteling import seed_client
    from tests.ui.test_followups import seed

    runtime = kiosk.shell.runtime
    assert runtime is not None
    build(runtime.engine)
    elise = kiosk.add_associate("Élise Martin", "manager")
    marc = kiosk.add_associate("Marc Lefèvre", "associate", "604127")
    kiosk.seeded["tasks"] = seed(kiosk.shell, elise, marc)
    kiosk.seeded["client"], _ = seed_client(kiosk.shell, elise)
    return elise


def find_client(kiosk: Driver, language: str) -> None:
    """The client search with the seeded client found."""
    from tests.ui.test_clienteling import NAME

    kiosk.go("clients")
    kiosk.type(NAME.split()[-1], enter=True)  # typed keys are ASCII: the family name


def handoff_masks(shell: Shell) -> list[QWidget]:
    """The QR code and the code beside it carry the link's random token: masked."""
    screen = shell.screens["handoff"]
    return [screen.qr, screen.code]  # type: ignore[attr-defined]


def diagnostics_masks(shell: Shell) -> list[QWidget]:
    """Free disk space and the data folder's paths (a new temporary folder each run)."""
    screen = shell.screens["diagnostics"]
    names = ("detail-local_db", "detail-disk", "detail-log_dir")
    return [w for w in (screen.findChild(QLabel, n) for n in names) if w is not None]


def _case_sent(kiosk: Driver, language: str) -> None:
    """The customer says what wasn't right (waiting, a few words, "Just let the manager
    know") and is thanked; the thank-you is held, as attract's slideshow is. The case it
    stores heads the associate home's desk in the states after."""
    screen = kiosk.shell.screens["case_report"]
    from tests.ui.conftest import at_rest

    kiosk.go("case_report", score=3, unanswered=("ces",))
    kiosk.wait_until(lambda: at_rest(kiosk.shell), "the screen to be on show")
    form = screen.form  # type: ignore[attr-defined]
    kiosk.tap(form.category_buttons["waiting"])
    kiosk.tap(form.description)
    kiosk.type("We waited forty minutes")
    kiosk.tap(screen.just_tell)  # type: ignore[attr-defined]
    thanks = screen.thanks_page  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: screen.pages.currentWidget() is thanks, "the thank-you")  # type: ignore[attr-defined]
    screen._end.stop()  # type: ignore[attr-defined]
    runtime = kiosk.shell.runtime
    assert runtime is not None
    kiosk.seeded["case"] = runtime.cases.unacknowledged(CLOCK)[0].id
    kiosk.move_pointer_away()


@dataclass(frozen=True)
class State:
    """One screenshot: ``reach`` brings the kiosk there; ``masks`` lists widgets whose pixels
    cannot be the same twice (painted over, said why where they are defined)."""

    name: str
    reach: Callable[[Driver, str], None]
    masks: Callable[[Shell], list[QWidget]] = field(default=lambda shell: [])
    languages: tuple[str, ...] = ("en", "zh-Hans")


def go(name: str, **params: Any) -> Callable[[Driver, str], None]:
    return lambda kiosk, language: kiosk.go(name, **params)


def _attract(kiosk: Driver, language: str) -> None:
    """The first image of the loop, held: the slideshow's next slide never comes."""
    attract = kiosk.shell.router.current
    assert attract.NAME == "attract"
    attract.leave()


def in_mode(mode: str, name: str, **params: Any) -> Callable[[Driver, str], None]:
    """Screen ``name`` in a display mode ("large_text", "high_contrast" or "" for the
    default), as the display menu switches it."""

    def reach(kiosk: Driver, language: str) -> None:
        from ui.theme import DisplayMode

        kiosk.shell.set_display_mode(DisplayMode(**({mode: True} if mode else {})))
        kiosk.go(name, **params)

    return reach


def _pin_pad(kiosk: Driver, language: str) -> None:
    in_mode("", "selection")(kiosk, language)
    kiosk.seeded["manager"] = seed_store(kiosk)
    kiosk.open_pin_pad(kiosk.seeded["manager"])


def _sign_in(kiosk: Driver, language: str) -> None:
    kiosk.sign_in(kiosk.seeded["manager"])
    kiosk.again()  # the sync's count of changes waiting, the sign-in's write included


# -- the sale and its services (issue 16) --------------------------------------------------
def _purchase(kiosk: Driver, language: str) -> None:
    """From the consultation ("Purchased", then "Record the purchase"), the visit's pieces
    as the sale's lines; the first needs delivery and installation, the second (the sofa)
    is taken twice in sand."""
    kiosk.go("consultation")
    consult = kiosk.shell.screens["consultation"]
    kiosk.tap(consult.outcome_buttons["purchased"])  # type: ignore[attr-defined]
    kiosk.tap(consult.record_button)  # type: ignore[attr-defined]
    screen = kiosk.shell.screens["purchase"]
    first, second = screen.rows[:2]  # type: ignore[attr-defined]
    kiosk.tap(first.delivery)
    kiosk.tap(first.installation)
    kiosk.tap(second.more)
    kiosk.tap(second.finish_buttons["sand"])  # the sofa comes in three bouclés
    kiosk.move_pointer_away()


def _purchase_saved(kiosk: Driver, language: str) -> None:
    """The till's reference typed, the sale saved: its summary and the way to book."""
    screen = kiosk.shell.screens["purchase"]
    kiosk.tap(screen.order_field)  # type: ignore[attr-defined]
    kiosk.type("A-10234")
    kiosk.tap(screen.save_button)  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: screen.pages.currentIndex() == 1, "the sale saved")  # type: ignore[attr-defined]
    kiosk.seeded["purchase"] = screen.saved[0]  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


def _booking(kiosk: Driver, language: str) -> None:
    """The renderer's kiosk has no store database: booking says so, the sale is saved."""
    screen = kiosk.shell.screens["purchase"]
    kiosk.tap(screen.book_button)  # type: ignore[attr-defined]
    booking = kiosk.shell.screens["booking"]
    kiosk.wait_until(lambda: booking.retry_button.isVisible(), "the store's silence")  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


def _client_purchases(kiosk: Driver, language: str) -> None:
    """The seeded client's profile with a purchase of theirs: its pieces and services."""
    from kiosk.aftersale.purchases import SaleLine

    runtime = kiosk.shell.runtime
    assert runtime is not None
    lines = [SaleLine(A, 1, None, True, True), SaleLine(B, 2, None, False, False)]
    customer = kiosk.seeded["client"]
    runtime.recorder.submit(
        lambda: runtime.purchases.record(
            runtime.pack, None, customer, None, lines, "A-10233", "en", CLOCK
        )
    ).result()
    kiosk.go("client_profile", customer_id=customer)


def _in_store(kiosk: Driver, language: str) -> None:
    """A client of the signed-in associate taps "I'm in the store" on their phone page and
    says where: the request, as the sync pulls it, heads the home's list, marked for them."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from kiosk.db.models import ServiceRequest

    runtime = kiosk.shell.runtime
    assert runtime is not None
    with Session(runtime.engine) as s, s.begin():
        s.add(
            ServiceRequest(
                store_id=STORE_ID,
                kiosk_id="phone",
                kind="in_store",
                for_associate=kiosk.seeded["manager"].id,
                area="Kitchen gallery",
                created_at=CLOCK - dt.timedelta(minutes=3),
            )
        )
    kiosk.again()


STATES: tuple[State, ...] = (
    # attract paints every language at once: one picture per orientation
    State("attract", _attract, languages=("en",)),
    State("greeting", lambda kiosk, language: begin_visit(kiosk, language)),
    State("needs", go("needs", index=1)),
    State("needs_summary", go("needs_summary")),
    State("recommendations", go("recommendations")),
    State("story", go("story", sku=STORY_SKU)),
    State("gallery", go("gallery", sku=STORY_SKU)),
    State("compare", go("compare")),
    State("lookbooks", go("lookbooks")),
    State("lookbook", go("lookbook", lookbook=BOOK, scene=0)),
    State("selection", go("selection")),
    State("handoff", go("handoff"), masks=handoff_masks),
    State("farewell", go("farewell")),
    State("case_report", go("case_report", score=3, unanswered=("ces",))),
    State("case_report-thanks", _case_sent),
    State("one_moment", go("one_moment")),
    # larger text and high contrast: the screens with the most text and the most colour
    State("greeting-large_text", in_mode("large_text", "greeting")),
    State("needs-large_text", in_mode("large_text", "needs", index=1)),
    State("story-large_text", in_mode("large_text", "story", sku=STORY_SKU)),
    State("selection-large_text", in_mode("large_text", "selection")),
    State("greeting-high_contrast", in_mode("high_contrast", "greeting")),
    State("needs-high_contrast", in_mode("high_contrast", "needs", index=1)),
    State("story-high_contrast", in_mode("high_contrast", "story", sku=STORY_SKU)),
    State("selection-high_contrast", in_mode("high_contrast", "selection")),
    # the associate's way in: the PIN pad over the customer's screen, then the home
    State("selection-pin_pad", _pin_pad),
    State("associate", _sign_in),
    State("associate-in_store", _in_store),
    State("consultation", go("consultation")),
    State("followups", go("followups")),
    State("clients", find_client),
    State(
        "client_profile",
        lambda kiosk, language: kiosk.go("client_profile", customer_id=kiosk.seeded["client"]),
    ),
    State("client_consent", go("client_consent")),
    State("dashboard", go("dashboard")),
    State("privacy", go("privacy")),
    State("diagnostics", go("diagnostics"), masks=diagnostics_masks),
    State("case", lambda kiosk, language: kiosk.go("case", case_id=kiosk.seeded["case"])),
    State("case_open", go("case_open")),
    # the sale and its services (issue 16), while the associate is still signed in
    State("purchase", _purchase),
    State("purchase-saved", _purchase_saved),
    State("booking", _booking),
    State("client_profile-purchases", _client_purchases),
)

USED_CODE, GOOD_CODE = "AB0CD1EF23", "GH4JK5MN67"


def _invitation(kiosk: Driver) -> None:
    """The associate signs out (back to the customer's visit); two invitations in the kiosk's
    copy, as the sync pulls them: one used already, one waiting."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from kiosk.db.models import Invitation

    shell = kiosk.shell
    shell.associate_mode.sign_out()
    runtime = shell.runtime
    assert runtime is not None
    with Session(runtime.engine) as s, s.begin():
        for n, code in enumerate((USED_CODE, GOOD_CODE)):
            s.add(
                Invitation(
                    store_id=STORE_ID,
                    token=f"render-invitation-token-{n}".ljust(32, "x"),
                    code=code,
                    created_at=CLOCK - dt.timedelta(days=3),
                    expires_at=CLOCK + dt.timedelta(days=3650),
                    redeemed_at=CLOCK - dt.timedelta(days=1) if code == USED_CODE else None,
                    redeemed_via="page" if code == USED_CODE else None,
                )
            )
    kiosk.go("invitation")


def _invitation_code(kiosk: Driver, code: str) -> None:
    """The code typed on the screen's keyboard, key by key, then its ✓; the answer awaited."""
    screen = kiosk.shell.screens["invitation"]
    screen.field.clear()  # type: ignore[attr-defined]
    for char in code.lower():
        screen.keyboard.press(char)  # type: ignore[attr-defined]
    screen.keyboard.press("done")  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: not screen.busy, "the code's answer")  # type: ignore[attr-defined]


# -- after the sale: deliveries and installations, after-sale follow-ups, the dashboard's view
def _services(kiosk: Driver, language: str) -> None:
    """Today's deliveries and installations, this kiosk's copy (as the sync leaves it)."""
    from tests.ui.test_services_associate import seed_services

    runtime = kiosk.shell.runtime
    assert runtime is not None
    kiosk.seeded["services"] = seed_services(
        runtime.engine, runtime.config.store_id, CLOCK.astimezone().date(), CLOCK
    )
    kiosk.go("services")


def _service_done(kiosk: Driver, language: str) -> None:
    """The delivery done this morning, open: its score by phone is asked."""
    screen = kiosk.shell.screens["services"]
    row = screen.findChild(QPushButton, f"booking-{kiosk.seeded['services']['done']}")
    kiosk.tap(row)
    panel = screen.panel  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: panel.score_part.isVisible(), "the score by phone")
    kiosk.move_pointer_away()


def _after_sale_followups(kiosk: Driver, language: str) -> None:
    """The follow-ups with the after-sale tasks; tomorrow's delivery to confirm, open."""
    from tests.ui.test_followups_after_sale import seed_after_sale_tasks

    tasks = seed_after_sale_tasks(kiosk.shell, kiosk.seeded["manager"])
    kiosk.go("followups")
    screen = kiosk.shell.screens["followups"]
    name = f"task-{tasks['delivery_confirm']}"
    kiosk.wait_until(lambda: screen.findChild(QPushButton, name) is not None, "the tasks")
    kiosk.tap(screen.findChild(QPushButton, name))
    kiosk.move_pointer_away()


def _after_sale_dashboard(kiosk: Driver, language: str) -> None:
    """The dashboard's "After the sale" on the hand-counted store and its after-sale records."""
    from tests.ui.test_after_sale_dashboard import build_after_sale

    runtime = kiosk.shell.runtime
    assert runtime is not None
    build_after_sale(runtime.engine)
    screen = kiosk.shell.screens["dashboard"]
    screen.clear()  # type: ignore[attr-defined]  # the figures read before the records
    kiosk.go("dashboard")
    kiosk.tap(screen.view_buttons["after_sale"])  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: not screen.loading, "the figures")  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


AFTER_SALE_STATES: tuple[State, ...] = (
    State("services", _services),
    State("services-done", _service_done),
    State("followups-after_sale", _after_sale_followups),
    State("dashboard-after_sale", _after_sale_dashboard),
)
STATES = (*STATES, *AFTER_SALE_STATES)


# -- outreach (issue 17): outreach tasks with their reason and channel; the manager's view ----
def _outreach_followups(kiosk: Driver, language: str) -> None:
    """The follow-ups with one outreach task of each kind; the key date's open, its channel
    asked above the results."""
    from tests.ui.test_outreach_followups import seed_outreach

    tasks = seed_outreach(kiosk.shell, kiosk.seeded["manager"])
    kiosk.go("followups")
    screen = kiosk.shell.screens["followups"]
    name = f"task-{tasks['key_date']}"
    kiosk.wait_until(lambda: screen.findChild(QPushButton, name) is not None, "the tasks")
    kiosk.tap(screen.findChild(QPushButton, name))
    kiosk.move_pointer_away()


def _outreach_dashboard(kiosk: Driver, language: str) -> None:
    """The dashboard's "Outreach" for the manager: done against due per associate, by name."""
    from tests.ui.test_outreach_dashboard import seed_outreach_figures

    runtime = kiosk.shell.runtime
    assert runtime is not None
    people = {
        "ana": kiosk.add_associate("Ana Ribeiro", "associate", "604128").id,
        "claire": kiosk.seeded["manager"].id,
        "marc": kiosk.add_associate("Louis Bernard", "associate", "604129").id,
    }
    seed_outreach_figures(runtime.engine, people)
    screen = kiosk.shell.screens["dashboard"]
    screen.clear()  # type: ignore[attr-defined]  # the figures read before the records
    kiosk.go("dashboard")
    kiosk.tap(screen.view_buttons["outreach"])  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: not screen.loading, "the figures")  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


OUTREACH_STATES: tuple[State, ...] = (
    State("followups-outreach", _outreach_followups),
    State("dashboard-outreach", _outreach_dashboard),
)
STATES = (*STATES, *OUTREACH_STATES)


# -- the client book (issue 17): "My clients", away, the advisor and key dates in the profile
def _my_clients(kiosk: Driver, language: str) -> None:
    """The manager's own book: the seeded client (a birthday in five days) and two more of
    hers, as the client book's own tests seed them."""
    from tests.ui.test_my_clients import CLIENTS, add_client, book_of

    shell, me = kiosk.shell, kiosk.seeded["manager"]
    book_of(shell, me, me, kiosk.seeded["client"], 5)
    for name, phone, email, member, ago, key in CLIENTS[1:]:
        customer = add_client(shell, me, name, phone, email, member, ago)
        book_of(shell, me, me, customer, key)
        kiosk.seeded.setdefault("book", []).append((customer, name))
    kiosk.go("my_clients")
    screen = shell.screens["my_clients"]
    kiosk.wait_until(lambda: screen.rows, "the manager's clients")  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


def _away_pick(kiosk: Driver, language: str) -> None:
    """ "Away until…": the calendar, a day nine days on tapped."""
    import datetime as dt

    screen = kiosk.shell.screens["my_clients"]
    away = screen.away  # type: ignore[attr-defined]
    kiosk.tap(away.set_button)
    last = CLOCK.date() + dt.timedelta(days=9)
    if last.month != CLOCK.month:
        kiosk.tap(away.calendar.later)
    kiosk.tap(away.calendar.days[last.replace(day=1).weekday() + last.day - 1])
    kiosk.move_pointer_away()


def _key_date_form(kiosk: Driver, language: str) -> None:
    """Adding a key date for the seeded client: a birthday, 14 December, picked."""
    kiosk.go("key_date", customer_id=kiosk.seeded["client"], client_name="Héloïse Durand")
    form = kiosk.shell.screens["key_date"]
    kiosk.tap(form.grid.months[11])  # type: ignore[attr-defined]
    kiosk.tap(form.grid.days[13])  # type: ignore[attr-defined]
    kiosk.move_pointer_away()


def _key_dates_consent(kiosk: Driver, language: str) -> None:
    customer, name = kiosk.seeded["book"][0]  # no key dates consent given
    kiosk.go("key_dates_consent", customer_id=customer, client_name=name)


def _client_advisor(kiosk: Driver, language: str) -> None:
    screen = kiosk.shell.screens["client_advisor"]
    me = kiosk.seeded["manager"]
    kiosk.go(
        "client_advisor",
        customer_id=kiosk.seeded["client"],
        client_name="Héloïse Durand",
        advisor_id=me.id,
    )
    kiosk.wait_until(lambda: screen.people is not None, "the store's associates")  # type: ignore[attr-defined]


BOOK_STATES: tuple[State, ...] = (
    State("my_clients", _my_clients),
    State("my_clients-away", _away_pick),
    State(
        "client_profile-book",
        lambda kiosk, language: kiosk.go("client_profile", customer_id=kiosk.seeded["client"]),
    ),
    State("key_date", _key_date_form),
    State("key_dates_consent", _key_dates_consent),
    State("client_advisor", _client_advisor),
)
STATES = (*STATES, *BOOK_STATES)

INVITATION_STATES = (
    # the greeting's "I have an invitation" (tests/ui/test_invitation_code.py), after the
    # associate has gone back to the customer: the code screen, a used code, the welcome
    State("invitation", lambda kiosk, language: _invitation(kiosk)),
    State("invitation-used", lambda kiosk, language: _invitation_code(kiosk, USED_CODE)),
    State("invitation-welcome", lambda kiosk, language: _invitation_code(kiosk, GOOD_CODE)),
)
STATES = (*STATES, *INVITATION_STATES)

RETURN_CODE = "RT4VW5XY67"


def _returning(kiosk: Driver) -> None:
    """A customer's earlier visit on this kiosk, three days before (a piece kept, an answer,
    its hand-off), whose code they now type on the greeting's "I have been here before"."""
    import datetime as dt

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from kiosk.db.models import FollowupLink
    from kiosk.ids import uuid7

    runtime = kiosk.shell.runtime
    assert runtime is not None
    store, earlier, then = runtime.store, uuid7(), CLOCK - dt.timedelta(days=3)
    store.start_visit(earlier, "en", then)
    store.answer(earlier, "purpose", ["new-home"], False, then)
    store.set_selected(earlier, SELECTION[1], True, then)
    link = store.issue_link(earlier, "https://maison.example/f/", then, dt.timedelta(days=30))
    store.end_visit(earlier, "completed", then)
    with Session(runtime.engine) as s, s.begin():
        s.execute(
            update(FollowupLink)
            .where(FollowupLink.id == link.link_id)
            .values(fallback_code=RETURN_CODE)
        )
    kiosk.go("returning")


def _returning_code(kiosk: Driver, code: str) -> None:
    """The code typed key by key, then ✓; the answer awaited (and the visit restored)."""
    screen = kiosk.shell.screens["returning"]
    entry = screen.entry  # type: ignore[attr-defined]
    entry.field.clear()
    for char in code.lower():
        entry.keyboard.press(char)
    entry.keyboard.press("done")
    kiosk.wait_until(
        lambda: (
            not screen.busy
            and (  # type: ignore[attr-defined]
                code != RETURN_CODE or screen.pages.currentWidget() is screen.welcome_page  # type: ignore[attr-defined]
            )
        ),
        "the code's answer",
    )


RETURNING_STATES = (
    # the greeting's "I have been here before" (tests/ui/test_returning_code.py), after the
    # invitation: the code screen, a code that is no one's, the welcome back
    State("returning", lambda kiosk, language: _returning(kiosk)),
    State("returning-unknown", lambda kiosk, language: _returning_code(kiosk, "ZZZZZ99999")),
    State("returning-welcome", lambda kiosk, language: _returning_code(kiosk, RETURN_CODE)),
)
STATES = (*STATES, *RETURNING_STATES)


def _returning_camera(kiosk: Driver) -> None:
    """The returning screen on a kiosk with a camera (issue 17): the camera's panel under
    the code, "Looking…" once its first frame is read. The camera is a still picture of an
    empty counter, read by the real ffmpeg (kiosk.station.camera); set for this state only."""
    from PIL import Image

    kiosk.shell.associate_mode.sign_out()  # a customer's screen, whatever came before
    runtime = kiosk.shell.runtime
    assert runtime is not None
    view = runtime.config.local_db_path.parent / "camera.png"
    Image.new("L", (640, 480), 180).save(view)
    runtime.config.camera = str(view)
    try:
        kiosk.go("returning")
    finally:
        runtime.config.camera = None  # later states see a kiosk without one
    screen = kiosk.shell.screens["returning"]
    kiosk.wait_until(lambda: screen.camera.status.text(), "the camera's first frame")  # type: ignore[attr-defined]


STATES = (*STATES, State("returning-camera", lambda kiosk, language: _returning_camera(kiosk)))


# -- the chain (issue 20): the dashboard's "Stores" view, for the headquarters role ----------
def _headquarters_stores(kiosk: Driver, language: str) -> None:
    """Headquarters signs in (from attract, or over the visit on show) with a headquarters
    database that does not answer: the calm line. The kiosk forgets it after this state."""
    from tests.pg import _free_port

    runtime = kiosk.shell.runtime
    assert runtime is not None
    if "headquarters" not in kiosk.seeded:
        kiosk.seeded["headquarters"] = kiosk.add_associate("Hana Mori", "headquarters")
    who = kiosk.seeded["headquarters"]
    mode = kiosk.shell.associate_mode
    mode.sign_out()
    mode.open_entry(without_visit=not kiosk.shell.journey.active)
    pad = mode.pad
    kiosk.wait_until(lambda: pad.findChild(QPushButton, f"person-{who.id}"), "the people")
    kiosk.sign_in(who)
    runtime.config.hq_db_url = f"postgresql://reader@127.0.0.1:{_free_port()}/chain"
    screen = kiosk.shell.screens["dashboard"]
    screen.clear()  # type: ignore[attr-defined]
    kiosk.go("dashboard")
    chain = screen.chain  # type: ignore[attr-defined]
    kiosk.wait_until(lambda: chain.state == "unreachable", "headquarters' silence")
    chain.leave()  # no second try while the picture is taken


def _headquarters_stores_shown(kiosk: Driver, language: str) -> None:
    """Two stores compared: the hand-counted store's figures (this kiosk's records, counted
    by the store dashboard's own ``figures``) beside a store with no visit yet, handed to the
    view as headquarters' answer would be (the renderer runs no PostgreSQL; the view's reads
    at a real headquarters are tested in tests/ui/test_dashboard_chain.py)."""
    from sqlalchemy.orm import Session

    from kiosk.insights.dashboard import figures
    from kiosk.insights.measures import Period
    from kiosk.station.place import store_zone

    runtime = kiosk.shell.runtime
    assert runtime is not None
    screen = kiosk.shell.screens["dashboard"]
    chain = screen.chain  # type: ignore[attr-defined]
    zone = store_zone(runtime.config)
    with Session(runtime.engine) as s:
        found = [(store, figures(s, store, Period.TODAY, CLOCK, zone)) for store in ("lyon", STORE)]
    runtime.config.hq_db_url = None
    chain._arrived(Period.TODAY, found)
    kiosk.move_pointer_away()


STATES = (
    *STATES,
    State("dashboard-stores-unreachable", _headquarters_stores),
    State("dashboard-stores", _headquarters_stores_shown),
)

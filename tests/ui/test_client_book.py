"""The client book in the profile: the advisor ("Make me the advisor", a manager's choice) and
key dates, added only once the client agreed to share them, on a screen turned to them."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from kiosk.clients.key_dates import KEY_DATES, KEY_DATES_WORDING_VERSION
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Consent, Customer
from tests.ui.conftest import grab, wait_durable
from tests.ui.test_associate_mode import sign_in
from tests.ui.test_clienteling import NAME, seed_client
from tests.ui.test_my_clients import people


def open_profile(shell, qtbot, who, customer):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, who, pin="604127" if who.role == "associate" else "482913")
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    shell.associate_mode.open_tool("client_profile", customer_id=customer)
    profile = shell.screens["client_profile"]
    qtbot.waitUntil(lambda: profile.name.text() == NAME, timeout=5000)
    return profile


def advisor_of(shell, customer):  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return s.scalar(select(Customer.advisor_id).where(Customer.id == customer))


def live_dates(shell, customer):  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return s.scalars(
            select(KeyDate).where(KeyDate.customer_id == customer, KeyDate.removed_at.is_(None))
        ).all()


def test_make_me_the_advisor_then_ask_consent_add_and_remove_a_key_date(
    make_shell, qtbot, screenshot_dir, caplog
):
    caplog.set_level(logging.DEBUG)
    shell = make_shell()
    elise, marc = people(shell)
    customer, _sku = seed_client(shell, elise)
    profile = open_profile(shell, qtbot, marc, customer)
    book = profile.book

    assert book.advisor.text() == "No advisor yet"
    assert not book.choose_button.isVisible()  # choosing someone else: managers only
    qtbot.mouseClick(book.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: book.advisor.text() == "Advisor: Marc Lefèvre", timeout=5000)
    assert not book.take_button.isVisible()
    assert advisor_of(shell, customer) == marc.id

    # no key dates consent: the card says so, and the button asks the client first
    assert book.note.isVisible()
    assert book.add_button.text() == "Ask the client…"
    grab(shell, screenshot_dir, "client-book-no-consent-en")
    qtbot.mouseClick(book.add_button, Qt.MouseButton.LeftButton)
    consent = shell.screens["key_dates_consent"]
    assert shell.router.current is consent
    assert NAME in consent.intro.text()
    assert consent.wording.text().strip()
    assert KEY_DATES_WORDING_VERSION in consent.version.text()
    grab(shell, screenshot_dir, "client-book-consent-en")
    qtbot.mouseClick(consent.agree, Qt.MouseButton.LeftButton)
    form = shell.screens["key_date"]
    qtbot.waitUntil(lambda: shell.router.current is form, timeout=5000)
    with shell.runtime.store.session() as s:
        given = s.scalars(
            select(Consent).where(Consent.customer_id == customer, Consent.purpose == KEY_DATES)
        ).one()
    assert given.wording_version == KEY_DATES_WORDING_VERSION

    # the date: a birthday, 14 December, 1985
    qtbot.mouseClick(form.kind_buttons["birthday"], Qt.MouseButton.LeftButton)
    assert not form.grid.days[0].isEnabled()  # no day before a month
    qtbot.mouseClick(form.grid.months[11], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.grid.days[13], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.year, Qt.MouseButton.LeftButton)
    for digit in "1985":
        form.keyboard.press(digit)
    assert form.year.text() == "1985"
    assert form.chosen.text() == "Birthday  ·  14 Dec 1985"
    grab(shell, screenshot_dir, "client-book-key-date-en")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.router.current is profile, timeout=5000)
    qtbot.waitUntil(lambda: profile.findChild(QLabel, "key-date-what") is not None, timeout=5000)
    assert profile.findChild(QLabel, "key-date-what").text() == "Birthday  ·  14 Dec 1985"
    shown = " ".join(w.text() for w in book.card.findChildren(QLabel))
    assert KEY_DATES_WORDING_VERSION in shown
    assert "Next:" in shown
    assert book.add_button.text() == "Add a date"
    (stored,) = live_dates(shell, customer)
    assert (stored.kind, stored.month, stored.day, stored.year) == ("birthday", 12, 14, 1985)
    grab(shell, screenshot_dir, "client-book-profile-en")

    # removed: asked twice, then gone from the card and the book
    remove = book.card.findChild(QPushButton, "key-date-remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    sure = book.card.findChild(QPushButton, "key-date-remove-sure")
    assert sure is not None
    assert live_dates(shell, customer)
    qtbot.mouseClick(sure, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: profile.findChild(QLabel, "key-date-what") is None, timeout=5000)
    wait_durable(shell)
    assert live_dates(shell, customer) == []

    for secret in ("Héloïse", "Durand", "1985", "612345678"):
        assert secret not in caplog.text


def test_a_key_date_without_consent_is_refused_and_the_consent_offered(make_shell, qtbot):
    shell = make_shell()
    elise, marc = people(shell)
    customer, _sku = seed_client(shell, elise)
    open_profile(shell, qtbot, marc, customer)
    # the form reached without the consent (another kiosk withdrew it meanwhile, say)
    shell.associate_mode.open_tool("key_date", customer_id=customer, client_name=NAME)
    form = shell.screens["key_date"]
    qtbot.mouseClick(form.grid.months[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.grid.days[20], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.message.isVisible(), timeout=5000)
    assert "has not agreed" in form.message.text() or "agreement is missing" in form.message.text()
    assert form.consent_button.isVisible()
    wait_durable(shell)
    assert live_dates(shell, customer) == []
    qtbot.mouseClick(form.consent_button, Qt.MouseButton.LeftButton)
    assert shell.router.current is shell.screens["key_dates_consent"]
    # "Not now" writes nothing and goes back to the profile
    qtbot.mouseClick(shell.screens["key_dates_consent"].not_now, Qt.MouseButton.LeftButton)
    assert shell.router.current is shell.screens["client_profile"]
    with shell.runtime.store.session() as s:
        assert not s.scalars(
            select(Consent).where(Consent.customer_id == customer, Consent.purpose == KEY_DATES)
        ).all()


def test_other_needs_a_label_and_a_manager_chooses_the_advisor(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    elise, marc = people(shell)
    customer, _sku = seed_client(shell, elise)
    rt = shell.runtime
    from kiosk.clock import utcnow

    rt.recorder.submit(
        lambda: rt.client_book.give_key_dates_consent(customer, None, "en", utcnow())
    ).result()
    profile = open_profile(shell, qtbot, elise, customer)
    book = profile.book

    qtbot.mouseClick(book.add_button, Qt.MouseButton.LeftButton)
    form = shell.screens["key_date"]
    assert shell.router.current is form
    qtbot.mouseClick(form.kind_buttons["other"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.grid.months[5], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.grid.days[9], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)  # no label: refused
    qtbot.waitUntil(lambda: form.message.isVisible(), timeout=5000)
    assert "Say what this date is" in form.message.text()
    assert shell.router.current is form
    assert live_dates(shell, customer) == []
    form.label.setText("Opening of her gallery")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.router.current is profile, timeout=5000)
    qtbot.waitUntil(lambda: profile.findChild(QLabel, "key-date-what") is not None, timeout=5000)
    assert "Opening of her gallery" in profile.findChild(QLabel, "key-date-what").text()

    # the manager chooses Marc
    assert book.choose_button.isVisible()
    qtbot.mouseClick(book.choose_button, Qt.MouseButton.LeftButton)
    chooser = shell.screens["client_advisor"]
    assert shell.router.current is chooser
    row = f"advisor-{marc.id}"
    qtbot.waitUntil(lambda: chooser.findChild(QPushButton, row) is not None, timeout=5000)
    grab(shell, screenshot_dir, "client-book-advisor-en")
    qtbot.mouseClick(chooser.findChild(QPushButton, row), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.router.current is profile, timeout=5000)
    qtbot.waitUntil(lambda: book.advisor.text() == "Advisor: Marc Lefèvre", timeout=5000)
    assert advisor_of(shell, customer) == marc.id


def test_no_advisor_for_a_client_who_withdrew_their_profile_consent(make_shell, qtbot):
    """The profile was open when the client withdrew (on another kiosk, say): "Make me the
    advisor" is refused in the associate's words and nothing is written."""
    import datetime as dt

    from sqlalchemy import update

    from kiosk.clients.consent import CLIENTELING

    shell = make_shell()
    elise, marc = people(shell)
    customer, _sku = seed_client(shell, elise)
    profile = open_profile(shell, qtbot, marc, customer)
    with shell.runtime.store.session() as s, s.begin():
        s.execute(
            update(Consent)
            .where(Consent.customer_id == customer, Consent.purpose == CLIENTELING)
            .values(withdrawn_at=dt.datetime.now(dt.UTC))
        )
    qtbot.mouseClick(profile.book.take_button, Qt.MouseButton.LeftButton)
    message = profile.book.advisor_message
    qtbot.waitUntil(lambda: message.isVisible(), timeout=5000)
    assert "no longer has a client profile" in message.text()
    wait_durable(shell)
    assert advisor_of(shell, customer) is None


def test_the_client_withdraws_the_key_dates_agreement_and_the_dates_go(
    make_shell, qtbot, screenshot_dir
):
    from kiosk.clock import utcnow

    shell = make_shell()
    elise, marc = people(shell)
    customer, _sku = seed_client(shell, elise)
    rt, now = shell.runtime, utcnow()
    book = rt.client_book
    rt.recorder.submit(lambda: book.give_key_dates_consent(customer, None, "en", now)).result()
    rt.recorder.submit(
        lambda: book.add_key_date(customer, "anniversary", 6, 21, None, None, marc.id, now)
    ).result()
    profile = open_profile(shell, qtbot, marc, customer)
    card = profile.book.card
    qtbot.waitUntil(lambda: card.findChild(QPushButton, "key-dates-withdraw") is not None)
    qtbot.mouseClick(card.findChild(QPushButton, "key-dates-withdraw"), Qt.MouseButton.LeftButton)
    sure = card.findChild(QPushButton, "key-dates-withdraw-sure")
    assert sure is not None
    assert live_dates(shell, customer)  # asked, not done
    shell.set_language("zh-Hans")
    grab(shell, screenshot_dir, "client-book-withdraw-zh")
    sure = card.findChild(QPushButton, "key-dates-withdraw-sure")  # drawn anew in Chinese
    qtbot.mouseClick(sure, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: profile.book.note.isVisible(), timeout=5000)  # "not agreed"
    assert profile.findChild(QLabel, "key-date-what") is None
    assert profile.book.add_button.text() == "征求客户同意…"
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        rows = s.scalars(select(KeyDate).where(KeyDate.customer_id == customer)).all()
        consent = s.scalars(
            select(Consent).where(Consent.customer_id == customer, Consent.purpose == KEY_DATES)
        ).one()
    assert consent.withdrawn_at is not None
    assert all(r.month is None and r.day is None for r in rows)  # erased, not only hidden

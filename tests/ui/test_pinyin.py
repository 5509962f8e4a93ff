"""A Chinese customer types their name in pinyin on the on-screen keyboard: letters compose,
candidates appear above the keys, a tap commits one. Typed with real taps, as a finger would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy import select

from kiosk.db.models import Customer
from kiosk.visit import pinyin
from tests.ui.test_associate_mode import add_associate, grab, sign_in
from tests.ui.test_clienteling import open_clients
from ui import tasks, theme
from ui.widgets.keyboard import OnScreenKeyboard


def click(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def letters(qtbot, keyboard, typed):  # type: ignore[no-untyped-def]
    for char in typed:
        click(qtbot, keyboard.keys["space" if char == " " else char])


def pick(qtbot, keyboard, wanted):  # type: ignore[no-untyped-def]
    """Tap the candidate ``wanted``, turning the bar's pages with › as a customer would."""
    bar = keyboard.bar
    qtbot.waitUntil(lambda: bool(bar.visible_candidates()), timeout=10_000)
    while wanted not in bar.visible_candidates():
        assert bar.next.isEnabled(), f"{wanted} is not offered for {keyboard.composing!r}"
        click(qtbot, bar.next)
    slot = bar.visible_candidates().index(wanted)
    click(qtbot, bar.buttons[slot])


def chinese_keyboard(qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    tasks.install()
    QApplication.instance().setStyleSheet(theme.style_sheet())  # type: ignore[union-attr]
    host = QWidget()
    host.setObjectName("CustomerScreen")
    layout = QVBoxLayout(host)
    field = QLineEdit()
    field.setFont(theme.sans(30))
    keyboard = OnScreenKeyboard()
    keyboard.follow(field, chinese=True, name=True)
    keyboard.set_language("zh-Hans")
    keyboard.attach(field)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1600, 700)
    host.show()
    return host, field, keyboard


def test_wang_fang_and_chen_si_yuan_are_typed_in_pinyin(qtbot, screenshot_dir):
    host, field, keyboard = chinese_keyboard(qtbot)
    assert keyboard.keys["zh"].isVisible()
    assert keyboard.chinese
    assert keyboard.bar.isVisible()

    letters(qtbot, keyboard, "wang")
    assert field.text() == ""  # pinyin is composed above the keys, not typed into the field
    assert keyboard.bar.composition.text() == "wang"
    pick(qtbot, keyboard, "王")
    letters(qtbot, keyboard, "fangx")
    click(qtbot, keyboard.keys["backspace"])  # backspace edits the pinyin, not the field
    assert keyboard.bar.composition.text() == "fang"
    assert field.text() == "王"
    pick(qtbot, keyboard, "芳")
    assert field.text() == "王芳"
    assert keyboard.composing == ""

    field.clear()
    letters(qtbot, keyboard, "chensiyuan")
    assert keyboard.bar.composition.text() == "chen'si'yuan"
    host.grab().save(str(screenshot_dir / "keyboard-pinyin-zh-Hans.png"))
    assert keyboard.bar.visible_candidates()[0] == "陈"  # a name starts with a family name
    pick(qtbot, keyboard, "陈")  # the rest stays composed
    assert keyboard.bar.composition.text() == "si'yuan"
    pick(qtbot, keyboard, "思")
    assert keyboard.bar.visible_candidates()[0] == "远"
    click(qtbot, keyboard.keys["space"])  # space commits the first candidate
    assert field.text() == "陈思远"
    click(qtbot, keyboard.keys["backspace"])  # nothing composed: the field's own backspace
    assert field.text() == "陈思"

    # EN: letters type themselves; ✓ in 中 commits the letters as typed
    click(qtbot, keyboard.keys["zh"])
    assert not keyboard.chinese
    assert not keyboard.bar.isVisible()
    letters(qtbot, keyboard, "li")
    assert field.text() == "陈思li"
    click(qtbot, keyboard.keys["zh"])
    letters(qtbot, keyboard, "na")
    with qtbot.waitSignal(keyboard.done):
        click(qtbot, keyboard.keys["done"])
    assert field.text() == "陈思lina"


def test_contact_fields_offer_no_chinese_and_english_kiosks_start_in_latin(qtbot):
    host, name, keyboard = chinese_keyboard(qtbot)
    phone = QLineEdit()
    host.layout().insertWidget(1, phone)
    keyboard.follow(phone)
    click(qtbot, phone)
    assert keyboard.target is phone
    assert not keyboard.keys["zh"].isVisible()
    assert not keyboard.chinese
    letters(qtbot, keyboard, "wang")
    assert phone.text() == "wang"
    keyboard.set_language("en")
    click(qtbot, name)
    assert keyboard.target is name
    assert keyboard.keys["zh"].isVisible()
    assert not keyboard.chinese


def test_the_index_reads_syllables_and_ranks_common_characters_first():
    index = pinyin.index()
    assert index.segment("chensiyuan") == ["chen", "si", "yuan"]
    assert index.segment("wangf") == ["wang", "f"]  # the last syllable being typed
    assert index.segment("xian") == ["xian"]
    assert index.candidates("wang")[0].text == "王"
    assert "陈" in [c.text for c in index.candidates("chen")[:8]]
    assert "绿" in [c.text for c in index.candidates("lv")[:8]]  # ü typed as v
    phrase = index.candidates("wangfang")
    assert all(c.letters == 4 for c in phrase if len(c.text) == 1)
    assert index.candidates("vvv") == []  # unreadable letters: no candidates, no error
    # the start of a name: family names first, by their own reading (沈 is shen, not chen)
    assert [c.text for c in index.candidates("li", surname=True)[:2]] == ["李", "黎"]
    assert index.candidates("chensiyuan", surname=True)[0].text == "陈"
    assert "沈" not in [c.text for c in index.candidates("chen", surname=True)[:3]]


def test_a_chinese_customer_agrees_with_their_name_typed_in_pinyin(
    make_shell, qtbot, screenshot_dir
):
    shell = make_shell()
    open_clients(shell, qtbot)
    clients = shell.screens["clients"]
    click(qtbot, clients.new_button)
    consent = shell.screens["client_consent"]
    click(qtbot, consent.language_buttons["zh-Hans"])
    keyboard = consent.keyboard
    click(qtbot, consent.fields["name"])
    assert keyboard.target is consent.fields["name"]
    assert keyboard.chinese
    letters(qtbot, keyboard, "wang")
    pick(qtbot, keyboard, "王")
    letters(qtbot, keyboard, "fang")
    pick(qtbot, keyboard, "芳")
    grab(shell, screenshot_dir, "clients-consent-pinyin-zh-Hans")
    click(qtbot, consent.fields["phone"])
    assert keyboard.target is consent.fields["phone"]
    assert not keyboard.chinese
    # not the seeded client's number: "06 12 34 56 78" is theirs (+33) now that numbers
    # are read with the store's country, and the kiosk rightly says they are known
    letters(qtbot, keyboard, "0698765432")
    click(qtbot, consent.agree)
    qtbot.waitUntil(lambda: shell.router.current is clients, timeout=5000)
    with shell.runtime.store.session() as s:
        assert s.scalars(select(Customer.full_name).where(Customer.full_name == "王芳")).one()


def test_an_associate_note_in_chinese(make_shell, qtbot):
    shell = make_shell()
    elise = add_associate(shell)
    click(qtbot, shell.attract)
    shell.set_language("zh-Hans")
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    click(qtbot, shell.screens["associate"].consult_button)
    consult = shell.screens["consultation"]
    click(qtbot, consult.note_field)  # the field itself opens the keyboard
    assert consult.keyboard.isVisible()
    assert consult.keyboard.chinese
    for syllable, char in (("chen", "陈"), ("si", "思"), ("yuan", "远")):
        letters(qtbot, consult.keyboard, syllable)
        pick(qtbot, consult.keyboard, char)
    click(qtbot, consult.keyboard.keys["done"])
    qtbot.waitUntil(lambda: consult.findChild(QLabel, "note") is not None, timeout=5000)
    assert consult.findChild(QLabel, "note").text() == "陈思远"

    click(qtbot, consult.note_field)
    letters(qtbot, consult.keyboard, "wang")
    consult.clear()  # what the reset does: nothing composed may wait for the next person
    assert consult.keyboard.composing == ""
    assert consult.keyboard.bar.composition.text().strip() == ""
    assert consult.keyboard.bar.visible_candidates() == []


def test_every_keyboard_waits_on_one_build_of_the_index(qtbot, monkeypatch):
    """The kiosk builds two keyboards that offer Chinese at start-up: one build of the index
    serves both (a second task would hold a pool thread while the first builds), and both
    show candidates once it is there."""
    monkeypatch.setattr(pinyin, "_index", None)  # as in a kiosk just started
    builds: list[int] = []
    build = pinyin.index

    def counted():  # type: ignore[no-untyped-def]
        builds.append(1)
        return build()

    monkeypatch.setattr(pinyin, "index", counted)
    _host, _field, first = chinese_keyboard(qtbot)
    _host2, _field2, second = chinese_keyboard(qtbot)
    qtbot.waitUntil(
        lambda: pinyin.built() is not None and not first._loading and not second._loading
    )
    assert builds == [1]
    for keyboard in (first, second):
        letters(qtbot, keyboard, "wang")
        assert keyboard.bar.visible_candidates()

"""A short code typed on the on-screen keyboard: the words, the field, the answer, the keys.

Shared by the greeting's two asides that take a code, "I have an invitation" and "I have
been here before" (a friend's invitation code, the customer's own hand-off code): both codes
are ten characters read back as forgivingly (``kiosk.handoff.links.normalize_code``), so they
are typed the same way. The screen decides what a code means; this part only takes it.

Its words come from the screen's ``prefix`` in the strings (``<prefix>.eyebrow``, ``.title``,
``.intro``, ``.placeholder``, ``.continue``, ``.checking``, ``.shape``, ``.empty``) and its
widgets are named ``<prefix>-title``, ``<prefix>-code`` and so on. ``submitted`` is emitted
by Continue, the keyboard's ✓ and Return, only for a text that can be a code: one that
cannot (wrong length, a letter no code has) is answered at once, without asking anyone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from kiosk.handoff.links import normalize_code
from ui import kit, theme
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard

TYPED_LIMIT = 24  # ten characters, with the spaces and dashes people type between them


class CodeEntry(QWidget):
    submitted = Signal(str)  # the text as typed (the domain reads it back forgivingly)

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.language = "en"
        self.busy = False
        self.said = ""  # the key of the answer shown, said again after a change of language
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(kit.gap("xxl"))
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addStretch(1)
        self.eyebrow = kit.eyebrow(name=f"{prefix}-eyebrow")
        words.addWidget(self.eyebrow)
        words.addSpacing(kit.gap("md"))
        self.title = kit.text("display_s", wrap=True, name=f"{prefix}-title")
        words.addWidget(self.title)
        words.addSpacing(kit.gap("sm"))
        self.intro = kit.text("body", tone="muted", wrap=True, name=f"{prefix}-intro")
        words.addWidget(self.intro)
        words.addSpacing(kit.gap("xl"))
        self.field = QLineEdit()
        self.field.setObjectName(f"{prefix}-code")
        self.field.setFont(kit.font("code"))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMinimumHeight(theme.MIN_TOUCH + 40)
        self.field.setMaxLength(TYPED_LIMIT)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase)
        self.field.textEdited.connect(self._edited)
        self.field.returnPressed.connect(self.submit)
        words.addWidget(self.field)
        words.addSpacing(kit.gap("sm"))
        self.message = kit.text("body_s", tone="accent", wrap=True, name=f"{prefix}-message")
        # room for a two-line answer, so nothing moves when one comes
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2)
        words.addWidget(self.message)
        words.addSpacing(kit.gap("lg"))
        actions = QHBoxLayout()
        self.continue_button = kit.button("primary", name=f"{prefix}-continue")
        self.continue_button.setMinimumHeight(84)
        self.continue_button.clicked.connect(self.submit)
        actions.addWidget(self.continue_button)
        actions.addStretch(1)
        words.addLayout(actions)
        words.addStretch(1)
        self.words_column = words
        self.row.addLayout(words, 5)
        self.keyboard = OnScreenKeyboard()
        for key in self.keyboard.keys.values():  # keys grow with the room, up to a thumb's
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setMaximumHeight(96)
        self.keyboard.follow(self.field)
        self.keyboard.done.connect(self.submit)
        self.row.addWidget(self.keyboard, 6)

    # -- life --------------------------------------------------------------------------------
    def start(self, language: str) -> None:
        """On entering the screen: an empty field, the keys in ``language``, ready to type."""
        self.forget()
        self.keyboard.set_language(language)
        self.keyboard.attach(self.field)
        self.field.setFocus()
        self.retranslate(language)

    def forget(self) -> None:
        """Nothing typed outlives the screen: the field and the answer are emptied."""
        self.field.clear()
        self.say("")
        self.set_busy(False)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the keyboard beside the words, both centred in the height. Portrait:
        the words close together, the keys under them where a hand reaches."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setSpacing(kit.gap("xl" if portrait else "xxl"))
        self.row.setStretch(0, 0 if portrait else 5)
        self.row.setStretch(1, 0 if portrait else 6)
        self.words_column.setStretch(0, 0 if portrait else 1)
        self.words_column.setStretch(self.words_column.count() - 1, 0 if portrait else 1)

    # -- the code ----------------------------------------------------------------------------
    def _edited(self, text: str) -> None:
        """Shown as the code is printed (capitals), and a corrected code clears the answer to
        the previous one."""
        upper = text.upper()
        if upper != text:
            at = self.field.cursorPosition()
            self.field.setText(upper)
            self.field.setCursorPosition(at)
        if not self.busy:
            self.say("")

    def submit(self) -> None:
        if self.busy:
            return
        typed = self.field.text()
        if normalize_code(typed) is None:  # no code looks like this: nothing to ask
            self.say(f"{self.prefix}.shape" if typed.strip() else f"{self.prefix}.empty")
            return
        self.submitted.emit(typed)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.continue_button.setEnabled(not busy)
        if busy:
            self.say(f"{self.prefix}.checking")

    def say(self, key: str) -> None:
        """The answer of ``key`` under the field ("" for none)."""
        self.said = key
        self.message.setText(tr(key, self.language) if key else "")

    def show_text(self, text: str) -> None:
        """An answer already in words (a failure, as the screen's ``words`` put it)."""
        self.message.setText(text)

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self.keyboard.set_language(language)
        self.eyebrow.setText(tr(f"{self.prefix}.eyebrow", language).upper())
        self.title.setText(tr(f"{self.prefix}.title", language))
        self.intro.setText(tr(f"{self.prefix}.intro", language))
        self.field.setPlaceholderText(tr(f"{self.prefix}.placeholder", language))
        self.continue_button.setText(tr(f"{self.prefix}.continue", language))
        self.message.setText(tr(self.said, language) if self.said else "")

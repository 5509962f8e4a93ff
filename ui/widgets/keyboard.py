"""An on-screen keyboard: a kiosk has no physical one.

Large keys (touch targets well above the minimum), letters with a shift key, digits, and the
symbols contact details need (@ . - _ +). It types into the field it is attached to and never
keeps what was typed: the field is the only place the text lives.

Fields a customer taps: ``follow(field)`` aims the keyboard at a field when it is tapped (the
press itself, not only the focus, which Qt gives a window's widgets only while the window is
active) or focused, and emits ``summoned`` so a screen that keeps the keyboard folded away
can show it.

Chinese: a field followed with ``chinese=True`` (a name, a note) offers a 中/EN key, and
starts in 中 when the kiosk speaks Chinese. In 中, letters compose pinyin shown above a bar of
candidates (``ui/widgets/pinyin_bar.py``, engine in ``kiosk/visit/pinyin.py``): tapping a
candidate commits it and keeps the letters it did not use, space commits the first (or,
when the letters read as no pinyin, the letters and a space), backspace edits the pinyin,
and ✓ or a digit commits the letters as typed. The engine's index is built off the GUI
thread the first time such a field is aimed at.

Signals: ``done`` when the customer taps the confirm key; ``summoned(field)`` on a tap.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.visit import pinyin
from ui import kit, tasks, theme
from ui.widgets.pinyin_bar import PinyinBar

ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl@",
    "zxcvbnm.-_",
)
SHIFT, BACKSPACE, SPACE, DONE, PLUS, CHINESE = "shift", "backspace", "space", "done", "+", "zh"
log = logging.getLogger(__name__)
LONGEST_PINYIN = 40  # letters in one composition: a long name's worth, and a bound


class OnScreenKeyboard(QWidget):
    done = Signal()
    summoned = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "keyboard")  # its keys' look: ui/theme.py
        self.target: QLineEdit | None = None
        self.shifted = False
        self.chinese = False  # 中: letters compose pinyin
        self.language = "en"
        self.composing = ""
        self._loading = False
        self._unavailable = False
        self.keys: dict[str, QPushButton] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.bar = PinyinBar()
        self.bar.chosen.connect(self._choose)
        self.bar.hide()
        column.addWidget(self.bar)
        grid = QGridLayout()
        grid.setSpacing(10)
        column.addLayout(grid, 1)
        self.grid = grid
        for r, row in enumerate(ROWS):
            for c, char in enumerate(row):
                self._key(grid, char, char, r, c)
        self._key(grid, SHIFT, "⇧", 4, 0)
        self._key(grid, CHINESE, "EN", 4, 1)
        self._key(grid, PLUS, "+", 4, 2)
        self._key(grid, SPACE, "", 4, 3, 4)
        self._key(grid, BACKSPACE, "⌫", 4, 7)
        self._key(grid, DONE, "✓", 4, 8, 2).setProperty("role", "action")
        self.keys[SHIFT].setCheckable(True)
        self._offer_chinese(False)

    def _key(
        self, grid: QGridLayout, name: str, label: str, row: int, col: int, span: int = 1
    ) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(f"key-{name}")
        button.setFont(kit.font("key"))
        button.setMinimumHeight(theme.MIN_TOUCH + 16)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _=False, n=name: self.press(n))
        grid.addWidget(button, row, col, 1, span)
        self.keys[name] = button
        return button

    # -- which field ------------------------------------------------------------------------
    def follow(self, *fields: QLineEdit, chinese: bool = False, name: bool = False) -> None:
        """Aim at each of ``fields`` when it is tapped or focused; ``chinese``: offer 中;
        ``name``: a person's name, whose first character is offered family names first."""
        for field in fields:
            field.setProperty("pinyin", "name" if chinese and name else chinese)
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QLineEdit) and kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.FocusIn,
        ):
            if watched is not self.target:
                self.attach(watched)
            if kind == QEvent.Type.MouseButtonPress:
                self.summoned.emit(watched)
        return False

    def attach(self, target: QLineEdit | None) -> None:
        """Type into ``target`` from now on (None: type nowhere). A pinyin composition in
        progress is dropped: it belonged to the field the customer left."""
        self._compose("")
        self.target = target
        offered = target is not None and bool(target.property("pinyin"))
        self._offer_chinese(offered)
        self._set_chinese(offered and self.language.startswith("zh"))

    def showEvent(self, event: QShowEvent) -> None:
        """The pinyin index is built when a keyboard offering 中 is shown, not when a screen
        holding one is built (the kiosk builds those just after it starts, and the build held
        a worker and the GIL for a second then)."""
        super().showEvent(event)
        if self.keys[CHINESE].isVisibleTo(self):
            self._load()

    def hideEvent(self, event: QHideEvent) -> None:
        """Folded away, or its screen left (a reset, the associate gone): pinyin being
        composed is someone's name or note, and goes."""
        self._compose("")
        super().hideEvent(event)

    def set_language(self, language: str) -> None:
        """The kiosk's language: a Chinese-capable field starts in 中 when it is Chinese."""
        if language != self.language:
            self.language = language
            self.attach(self.target)

    # -- typing -----------------------------------------------------------------------------
    def press(self, name: str) -> None:
        if name == SHIFT:
            self._set_shift(not self.shifted)
            return
        if name == CHINESE:
            self._commit_letters()
            self._set_chinese(not self.chinese)
            return
        if name == DONE:
            self._commit_letters()
            self.done.emit()
            return
        if self.target is None:
            return
        if name == BACKSPACE:
            if self.composing:
                self._compose(self.composing[:-1])
            else:
                self.target.backspace()
        elif name == SPACE:
            if self.bar.candidates:
                self._choose(0)
            else:  # nothing to choose ("walnut" is no pinyin): the letters, then the space
                self._commit_letters()
                self.target.insert(" ")
        elif self.chinese and name.isalpha() and name.isascii() and not self.shifted:
            if len(self.composing) < LONGEST_PINYIN:
                self._compose(self.composing + name)
        else:
            self._commit_letters()
            self.target.insert(name.upper() if self.shifted else name)
            if self.shifted:
                self._set_shift(False)  # one capital, as phones do

    def _choose(self, index: int) -> None:
        """Commit candidate ``index``; the letters it did not use stay composed."""
        found = self.bar.candidates
        if self.target is None or not self.composing:
            return
        if index >= len(found):
            self._commit_letters()  # no candidates (yet): the letters as typed
            return
        chosen = found[index]
        self.target.insert(chosen.text)
        self._compose(self.composing[chosen.letters :])

    def _commit_letters(self) -> None:
        if self.composing and self.target is not None:
            self.target.insert(self.composing)
        self._compose("")

    def _compose(self, letters: str) -> None:
        self.composing = letters
        index = pinyin.built()
        if not letters:
            self.bar.show_candidates("", [])
        elif index is None:
            self.bar.show_candidates(letters, [])  # the index arrives in a moment
            self._load()
        else:
            target = self.target
            surname = (
                target is not None
                and target.property("pinyin") == "name"
                and target.cursorPosition() == 0
            )
            found = index.candidates(letters, surname=surname)
            self.bar.show_candidates("'".join(index.segment(letters)), found)

    def _load(self) -> None:
        if pinyin.built() is None and not self._loading and not self._unavailable:
            self._loading = True
            _load_index(self)

    def _loaded(self, _index: object, error: BaseException | None) -> None:
        self._loading = False
        if error is not None:  # a broken build: letters still type, as typed
            self._unavailable = True
            log.warning("pinyin candidates unavailable: %s", error)
        self._compose(self.composing)

    # -- modes ------------------------------------------------------------------------------
    def _offer_chinese(self, offered: bool) -> None:
        """The 中/EN key takes the place of half the shift key when it is offered."""
        shift, mode = self.keys[SHIFT], self.keys[CHINESE]
        self.grid.removeWidget(shift)
        self.grid.addWidget(shift, 4, 0, 1, 1 if offered else 2)
        mode.setVisible(offered)
        if offered and self.isVisible():
            self._load()  # off the GUI thread, before the first letter

    def _set_chinese(self, on: bool) -> None:
        self._compose("")
        self.chinese = on
        self.keys[CHINESE].setText("中" if on else "EN")  # the mode it types in now
        self.keys[SPACE].setText("空格" if on else "")
        self.bar.setVisible(on)

    def _set_shift(self, on: bool) -> None:
        self.shifted = on
        self.keys[SHIFT].setChecked(on)
        for row in ROWS:
            for char in row:
                self.keys[char].setText(char.upper() if on else char)


# Every keyboard that offers Chinese wants the one index of the process. They wait on one
# build: a task a keyboard would otherwise take a pool thread for while the first builds it
# (two keyboards at start-up held both threads for half a second, the attract image behind).
_waiting: list[weakref.ref[OnScreenKeyboard]] = []


def _load_index(keyboard: OnScreenKeyboard) -> None:
    _waiting.append(weakref.ref(keyboard))
    if len(_waiting) == 1:  # the first to ask builds it; later ones wait for its answer
        tasks.run_task(pinyin.index, _index_loaded)


def _index_loaded(result: object, error: BaseException | None) -> None:
    waiting = [ref() for ref in _waiting]
    _waiting.clear()
    for keyboard in waiting:
        if keyboard is not None and shiboken6.isValid(keyboard):
            keyboard._loaded(result, error)

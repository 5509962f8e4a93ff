"""The fields of a service-recovery case, shared by the customer's farewell screen and the
associate's "open a case" form: one set of fields, one set of checks, one set of messages.

Two parts a screen places where its layout wants them: ``about`` (what it was about, from
the pack's categories, and a few words) and ``contact`` (whether and how the store may get
back to them: an explicit consent tick with its wording and version, then a name and a phone
or an e-mail). Text fields summon the on-screen keyboard under the contact fields; ✓ moves
to the next field and folds it away after the last. What was typed lives in the fields only;
``empty()`` forgets it (leaving the screen, the kiosk's reset).

``report(...)`` reads the fields into a ``CaseReport``; ``words(error)`` turns a refused
report (``CaseError.field``) into the sentence shown in ``message``, in the screen's language,
and says it again after a change of language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.recovery.cases import CASE_CONTACT_WORDING, MAX_TEXT, CaseError, CaseReport
from ui import kit, theme
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard

if TYPE_CHECKING:
    from kiosk.content.model import CaseCategory

CONTACT_FIELDS = ("name", "phone", "email")
TYPED_LIMIT = MAX_TEXT * 2  # the field takes more, so an overlong text is refused in words


class CaseForm(QWidget):
    """The case's fields (see the module's docstring). ``changed`` fires on any edit, so a
    screen can clear a message the customer is putting right."""

    changed = Signal()
    typing = Signal(bool)  # the keyboard came up (True) or folded away (False)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()  # a holder of parts: the screen lays out ``about`` and ``contact``
        self.language = "en"
        self.compact = False  # little room: the explanations fold while typing
        self.error_key = ""
        self.category_buttons: dict[str, QPushButton] = {}
        self.category_labels: dict[str, str] = {}

        self.about = QWidget()
        about = QVBoxLayout(self.about)
        about.setContentsMargins(0, 0, 0, 0)
        about.setSpacing(kit.gap("sm"))
        self.about_label = kit.text("caption_s", tone="muted", name="case-about-label")
        about.addWidget(self.about_label)
        self.category_grid = QGridLayout()
        self.category_grid.setSpacing(kit.gap("sm"))
        about.addLayout(self.category_grid)
        self.categories = QButtonGroup(self)
        self.categories.setExclusive(True)
        about.addSpacing(kit.gap("md"))
        self.words_label = kit.text("caption_s", tone="muted", name="case-words-label")
        about.addWidget(self.words_label)
        self.description = self._field("case-description", TYPED_LIMIT)
        about.addWidget(self.description)

        self.contact = QWidget()
        contact = QVBoxLayout(self.contact)
        contact.setContentsMargins(0, 0, 0, 0)
        contact.setSpacing(kit.gap("sm"))
        self.contact_title = kit.text("title_s", wrap=True, name="case-contact-title")
        contact.addWidget(self.contact_title)
        self.contact_intro = kit.text("body_s", tone="muted", wrap=True)
        contact.addWidget(self.contact_intro)
        # a sentence to read, not a button's word: body text, and a tick the customer gives
        self.consent = kit.button("secondary", role="body_s", name="case-consent")
        kit.mark(self.consent, "option")
        self.consent.setCheckable(True)
        self.consent.setMinimumHeight(80)
        self.consent.toggled.connect(lambda _on: self._render_consent())
        self.consent.toggled.connect(lambda _on: self._edited())
        contact.addWidget(self.consent)
        self.wording = kit.text("caption_s", tone="muted", wrap=True, name="case-consent-wording")
        contact.addWidget(self.wording)
        self.version = kit.text("fine", tone="muted", name="case-consent-version")
        contact.addWidget(self.version)
        grid = QGridLayout()
        grid.setHorizontalSpacing(kit.gap("md"))
        grid.setVerticalSpacing(kit.gap("xs"))
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for name, (row, col, span) in zip(
            CONTACT_FIELDS, ((0, 0, 2), (2, 0, 1), (2, 1, 1)), strict=True
        ):
            label = kit.text("caption_s", tone="muted")
            field = self._field(f"case-{name}", 200 if name == "name" else 254)
            grid.addWidget(label, row, col, 1, span)
            grid.addWidget(field, row + 1, col, 1, span)
            self.fields[name] = field
            self.field_labels[name] = label
        contact.addLayout(grid)
        contact.addSpacing(kit.gap("sm"))
        self.keyboard = OnScreenKeyboard()
        for key in self.keyboard.keys.values():  # keys grow with the room, up to a thumb's
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setMaximumHeight(88)
        self.keyboard.follow(self.description, chinese=True)  # a few words in either language
        self.keyboard.follow(self.fields["name"], chinese=True, name=True)
        self.keyboard.follow(self.fields["phone"], self.fields["email"])
        self.keyboard.summoned.connect(lambda _field: self.show_keyboard())
        self.keyboard.done.connect(self._next_field)
        self.keyboard.hide()
        contact.addWidget(self.keyboard, 1)
        contact.addStretch(0)

        self.message = kit.text("body_s", tone="accent", wrap=True, name="case-message")

    def _field(self, name: str, limit: int) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setFont(kit.font("body"))
        field.setMinimumHeight(theme.MIN_TOUCH + 12)
        field.setMaxLength(limit)
        field.textChanged.connect(self._edited)
        return field

    # -- categories --------------------------------------------------------------------------
    def set_categories(self, categories: Sequence[CaseCategory], columns: int = 3) -> None:
        """The pack's categories as choices, in its order (a new pack: new choices)."""
        ids = [c.id for c in categories]
        if ids == list(self.category_buttons):
            return
        for button in self.category_buttons.values():
            self.categories.removeButton(button)
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.category_buttons = {}
        for i, category in enumerate(categories):
            button = kit.button("secondary", role="button_s", name=f"case-category-{category.id}")
            kit.mark(button, "pick")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.toggled.connect(lambda _on: self._edited())
            self.categories.addButton(button)
            self.category_grid.addWidget(button, i // columns, i % columns)
            self.category_buttons[category.id] = button

    def set_category_labels(self, labels: dict[str, str]) -> None:
        for cid, button in self.category_buttons.items():
            button.setText(labels.get(cid, cid))

    def chosen(self) -> str:
        for cid, button in self.category_buttons.items():
            if button.isChecked():
                return cid
        return ""

    # -- reading, refusing, forgetting -------------------------------------------------------
    def report(self, language: str, score: int | None, *, with_contact: bool = True) -> CaseReport:
        """What was filled in; ``with_contact`` False: "just let the manager know", whatever
        was typed in the contact fields is not sent."""
        f = self.fields
        return CaseReport(
            category=self.chosen(),
            description=self.description.text(),
            contact_name=f["name"].text() if with_contact else "",
            contact_phone=f["phone"].text() if with_contact else "",
            contact_email=f["email"].text() if with_contact else "",
            consent=self.consent.isChecked() and with_contact,
            language=language,
            score=score,
        )

    def words(self, error: BaseException) -> str:
        """Why the case was refused (its field), or that it could not be sent; kept, so a
        change of language says it again."""
        field = error.field if isinstance(error, CaseError) else "failed"
        known = {"category", "description", "contact", "consent"}
        self.error_key = f"recovery.error.{field if field in known else 'failed'}"
        return self._said()

    def say(self, error: BaseException) -> None:
        self.message.setText(self.words(error))

    def _said(self) -> str:
        return tr(self.error_key, self.language, max=MAX_TEXT) if self.error_key else ""

    def _edited(self) -> None:
        if self.error_key:  # being put right: the old message goes
            self.error_key = ""
            self.message.clear()
        self.changed.emit()

    def empty(self) -> None:
        """Nothing typed or chosen is kept (the kiosk's reset, the screen left)."""
        self.categories.setExclusive(False)
        for button in self.category_buttons.values():
            button.setChecked(False)
        self.categories.setExclusive(True)
        self.description.clear()
        for field in self.fields.values():
            field.clear()
        self.consent.setChecked(False)
        self.fold_keyboard()
        self.error_key = ""
        self.message.clear()

    def _next_field(self) -> None:
        order = [self.description, *self.fields.values()]
        current = self.keyboard.target
        if current in order and current is not order[-1]:
            following = order[order.index(current) + 1]
            following.setFocus()
            self.keyboard.attach(following)
        else:
            self.fold_keyboard()

    def _explanations(self) -> list[QLabel]:
        return [
            self.contact_title,
            self.contact_intro,
            self.wording,
            self.version,
            *self.field_labels.values(),
        ]

    def show_keyboard(self) -> None:
        """Up for a tapped field; on a landscape screen the contact part's explanations fold
        meanwhile (the tick keeps its words, the fields their names as placeholders), so the
        keys keep their full height, larger text and the pinyin bar included."""
        self.keyboard.show()
        for text in self._explanations():
            text.setVisible(not self.compact)
        for name, field in self.fields.items():
            field.setPlaceholderText(self.field_labels[name].text() if self.compact else "")
        self.typing.emit(True)

    def fold_keyboard(self) -> None:
        self.keyboard.attach(None)
        self.keyboard.hide()
        for text in self._explanations():
            text.show()
        for field in self.fields.values():
            field.setPlaceholderText("")
        self.typing.emit(False)

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self.keyboard.set_language(language)
        self.about_label.setText(tr("recovery.about", language))
        self.words_label.setText(tr("recovery.words", language))
        self.description.setPlaceholderText(tr("recovery.optional", language))
        self.contact_title.setText(tr("recovery.contact_title", language))
        self.contact_intro.setText(tr("recovery.contact_intro", language))
        self.wording.setText(tr("recovery.consent_wording", language))
        self.version.setText(tr("recovery.consent_version", language, version=CASE_CONTACT_WORDING))
        for name, label in self.field_labels.items():
            label.setText(tr(f"recovery.field.{name}", language))
        self._render_consent()
        self.message.setText(self._said())

    def _render_consent(self) -> None:
        mark = "☑" if self.consent.isChecked() else "☐"
        self.consent.setText(f"{mark}   {tr('recovery.consent', self.language)}")

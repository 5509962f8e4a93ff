"""A known client's profile: who they are, the preferences gathered over their visits, their
past visits (selections, outcomes, notes) and their consents.

Read off the GUI thread from the store database (every kiosk's visits), or from this kiosk's
records when the store is unreachable, which the screen quietly says. "Attach to this visit"
asks the customer's consent on a screen turned towards them; nothing is attached before.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.clients.profile import ClientNotFound, ClientProfile, PastVisit, load_profile
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from kiosk.typesetting import join_list
from ui import kit
from ui.screens.associate.client_profile_book import BookPart, faded
from ui.screens.associate.client_purchases import PurchasesPanel
from ui.screens.associate.clients import attached_name, short_date
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.strings import tr
from ui.widgets.layouts import carry, clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext


def _block(title: str, body: str, name: str = "") -> QWidget:
    block = QWidget()
    lines = QVBoxLayout(block)
    lines.setContentsMargins(0, 0, 0, 0)
    lines.setSpacing(2)
    lines.addWidget(kit.text("caption_s", title, tone="muted", wrap=True))
    lines.addWidget(kit.text("item_s", body, wrap=True, name=name))
    return block


class ClientProfileScreen(AssociateFrame):
    NAME = "client_profile"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.customer_id: uuid.UUID | None = None
        self.client: ClientProfile | None = None
        self.scope = Scope.STORE
        self.state_key = ""  # a message instead of a profile (loading, gone, unreadable)
        self.back_button = self.band_button("profile-back", ctx.back)
        self.back_key = "clients.profile.back"  # or back to "My clients", where it came from

        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(72, 36, 72, 40)
        outer.setSpacing(24)
        head = QHBoxLayout()
        head.setSpacing(32)
        who = QVBoxLayout()
        who.setSpacing(6)
        self.name = kit.text("title_l", name="client-name")
        who.addWidget(self.name)
        self.contact = kit.text("body_s", wrap=True, name="client-contact")
        who.addWidget(self.contact)
        self.book = BookPart(ctx, self, self.load)  # the advisor, and the key dates' card
        who.addWidget(self.book.advisor_row)
        who.addWidget(self.book.advisor_message)
        self.scope_note = kit.text("caption_s", tone="muted", wrap=True, name="scope-note")
        who.addWidget(self.scope_note)
        head.addLayout(who, 1)
        actions = QVBoxLayout()
        actions.setSpacing(8)
        self.attach_button = kit.button("primary", role="button_s", name="attach-client")
        self.attach_button.setMinimumHeight(76)
        self.attach_button.clicked.connect(self._attach)
        actions.addWidget(self.attach_button)
        self.attach_note = kit.text("aside", tone="accent", wrap=True, name="attach-note")
        self.attach_note.setMaximumWidth(520)
        actions.addWidget(self.attach_note)
        # managers only: the right to be forgotten
        self.forget_button = kit.button("quiet", name="forget-client")
        self.forget_button.clicked.connect(self._forget)
        actions.addWidget(self.forget_button)
        actions.addStretch(1)
        head.addLayout(actions)
        outer.addLayout(head)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(32)
        prefs, column, self.prefs_title = card()
        self.prefs_list = QVBoxLayout()
        self.prefs_list.setSpacing(16)
        self.prefs_list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self.prefs_list)
        column.addWidget(faded(holder), 1)
        self.columns.addLayout(self.book.beside(prefs), 4)  # the dates they shared, with them
        visits, column, self.visits_title = card()
        self.visit_list = QVBoxLayout()
        self.visit_list.setSpacing(14)
        self.visit_list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self.visit_list)
        column.addWidget(faded(holder), 1)
        self.middle = middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # set_portrait
        middle.setSpacing(24)
        middle.addWidget(visits, 1)
        self.purchases = PurchasesPanel(lambda p: ctx.associate.open_tool("booking", purchase_id=p))
        self.columns.addLayout(middle, 5)
        consents, column, self.consents_title = card()
        self.consent_list = QVBoxLayout()
        self.consent_list.setSpacing(16)
        self.consent_list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self.consent_list)
        column.addWidget(faded(holder), 1)
        self.right = QVBoxLayout()  # set_portrait
        self.right.setSpacing(24)
        self.right.addWidget(self.purchases.widget)
        self.right.addWidget(consents, 1)
        self.columns.addLayout(self.right, 4)
        outer.addLayout(self.columns, 1)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        customer_id = params.get("customer_id")
        if isinstance(customer_id, uuid.UUID) and customer_id != self.customer_id:
            self.clear()
            self.customer_id = customer_id
        self.back_key = "book.back_to_list" if params.get("from_book") else "clients.profile.back"
        self.retranslate(self.ctx.language)
        self.load()

    def clear(self) -> None:
        self.ops.reset()  # a profile still on its way is not shown
        self.customer_id = None
        self.client = None
        self.state_key = ""
        self.name.clear()
        self.contact.clear()
        self.attach_note.clear()
        for layout in (self.prefs_list, self.visit_list, self.consent_list):
            clear_layout(layout)
        self.purchases.clear()
        self.book.clear()

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # portrait: visits and purchases side by side (the way back at the foot takes a row);
        # landscape: purchases over the consents (stacked on the visits, both were cut)
        self.columns.setStretch(1, 8 if portrait else 5)  # visits and purchases
        place = (self.middle, 1) if portrait else (self.right, 0)
        carry(self.purchases.widget, *place)
        place[0].setStretch(place[1], int(portrait))  # landscape: its own height, consents the rest
        self.book.set_portrait(portrait)
        self.way_within_reach(self.back_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("clients.profile.eyebrow", language)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()

    def load(self) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return
        if self.client is None:
            self.state_key = "clients.profile.loading"
            self._render()
        ops = self.ops
        runtime = ops.runtime
        # one lane: the answer for a client opened before this one is dropped
        ops.read(
            lambda: load_profile(runtime, customer_id),
            self._loaded,
            self._unreadable,
            lane="profile",
        )
        purchases, pack = runtime.purchases, self.ctx.pack
        ops.read(
            lambda: purchases.for_client(customer_id),
            lambda read: self.purchases.show(read.value, pack, self.language),
            lane="purchases",
        )

    def words(self, error: BaseException) -> str:
        """A profile that could not be read, in the associate's words: the client is not
        known (erased, or no consent any more), or the records could not be read. The key is
        kept, so a change of language says it again."""
        not_found = isinstance(error, ClientNotFound)
        self.state_key = "clients.profile.not_found" if not_found else "clients.error.read"
        return tr(self.state_key, self.language)

    def _unreadable(self, _said: str) -> None:
        if self.state_key == "clients.profile.not_found":
            self.client = None  # erased, or no consent any more: nothing of them stays shown
        self._render()  # the message, from the key ``words`` kept

    def _loaded(self, read: Read[ClientProfile]) -> None:
        self.client, self.scope, self.state_key = read.value, read.scope, ""
        self._render()

    def _attach(self) -> None:
        client = self.client
        if client is None:
            return
        self.ctx.associate.open_tool(
            "client_consent", customer_id=client.id, client_name=client.name, record=client.record
        )

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.back_button.setText(tr(self.back_key, language))
        self.prefs_title.setText(tr("clients.profile.preferences", language))
        self.visits_title.setText(tr("clients.profile.visits", language))
        self.consents_title.setText(tr("clients.profile.consents", language))
        self.attach_button.setText(tr("clients.profile.attach", language))
        self.forget_button.setText(tr("clients.profile.forget", language))
        self.book.retranslate(language)
        self._render()
        self.purchases.render(self.ctx.pack, language)

    def _render(self) -> None:
        lang, client = self.language, self.client
        for layout in (self.prefs_list, self.visit_list, self.consent_list):
            clear_layout(layout)
        self.book.show(client)
        self.scope_note.setText(tr("clients.scope.kiosk", lang))
        self.scope_note.setVisible(client is not None and self.scope is Scope.KIOSK)
        if client is None:
            self.name.setText(tr(self.state_key, lang) if self.state_key else "")
            self.contact.clear()
            self.attach_button.hide()
            self.attach_note.hide()
            self.forget_button.hide()
            return
        privacy = self.ctx.screen_named("privacy")
        mode = self.ctx.associate
        self.forget_button.setVisible(privacy is not None and mode.may_open(privacy))
        self.name.setText(client.name)
        parts = [x for x in (client.phone, client.email) if x]
        if client.member_number:
            parts.append(tr("clients.profile.member", lang, number=client.member_number))
        parts.append(tr("clients.profile.since", lang, date=self._date(client.since)))
        self.contact.setText("  ·  ".join(parts))
        self._render_visit_state()
        self._render_preferences(client)
        if not client.visits:
            self.visit_list.addWidget(
                kit.text("body_s", tr("clients.profile.no_visits", lang), tone="muted", wrap=True)
            )
        for visit in client.visits:
            self.visit_list.addWidget(self._visit(visit))
        self.visit_list.addStretch(1)
        self._render_consents(client)

    def _forget(self) -> None:
        if self.client is not None:
            self.ctx.associate.open_tool("privacy", customer_id=self.client.id)

    def _render_visit_state(self) -> None:
        client, lang = self.client, self.language
        state = self.ctx.journey.state
        attached = client is not None and state is not None and state.customer_id == client.id
        taken = state is not None and state.customer_id is not None and not attached
        self.attach_button.setVisible(state is not None and not attached and not taken)
        self.attach_note.setVisible(attached or taken)
        if attached:
            name = attached_name(self.ctx)
            key = "clients.attached_done" if name else "clients.profile.attached"
            self.attach_note.setText(tr(key, lang, name=name))
        elif taken:
            self.attach_note.setText(tr("clients.profile.visit_taken", lang))

    def _render_preferences(self, client: ClientProfile) -> None:
        lang = self.language
        pack = self.ctx.pack
        questions = {q.id: q for q in pack.questions}
        if not client.answers and not client.preferences:
            self.prefs_list.addWidget(
                kit.text(
                    "body_s", tr("clients.profile.no_preferences", lang), tone="muted", wrap=True
                )
            )
        for question_id, answers in client.answers.items():
            question = questions.get(question_id)
            labels = {o.id: o.label.get(lang) for o in question.options} if question else {}
            prompt = question.prompt.get(lang) if question else question_id
            shown = join_list(
                (
                    labels.get(a.value, a.value)
                    + (" " + tr("clients.profile.times", lang, n=a.count) if a.count > 1 else "")
                    for a in answers
                ),
                lang,
                latin="  ·  ",
            )
            self.prefs_list.addWidget(_block(prompt, shown, f"preference-{question_id}"))
        for key, value in client.preferences.items():
            text = join_list(map(str, value), lang) if isinstance(value, list) else str(value)
            self.prefs_list.addWidget(_block(str(key), text))
        self.prefs_list.addStretch(1)

    def _visit(self, visit: PastVisit) -> QWidget:
        lang = self.language
        here = self.ctx.config.kiosk_id
        box = QWidget()
        box.setObjectName(f"visit-{visit.id}")
        kit.mark(box, "edge")
        lines = QVBoxLayout(box)
        lines.setContentsMargins(20, 4, 0, 4)
        lines.setSpacing(4)
        kiosk = tr("associate.home.this_kiosk", lang) if visit.kiosk_id == here else visit.kiosk_id
        head = tr(
            "clients.profile.visit_line", lang, date=self._date(visit.started_at), kiosk=kiosk
        )
        if visit.associate:
            head += "  ·  " + tr("clients.profile.with", lang, name=visit.associate)
        lines.addWidget(kit.text("caption_s", head, tone="muted", wrap=True))
        outcome = (
            tr(f"associate.consult.outcome.{visit.outcome}", lang)
            if visit.outcome in {"purchased", "reserved", "considering", "not_today"}
            else tr("clients.profile.no_outcome", lang)
        )
        title = kit.text("item_s", outcome)
        lines.addWidget(title)
        pack = self.ctx.pack
        names = []
        for sku in visit.skus:
            product = pack.product(sku)
            names.append(product.name.get(lang) if product else sku)
        selected = (
            tr("clients.profile.selected", lang, products=join_list(names, lang))
            if names
            else tr("clients.profile.nothing_selected", lang)
        )
        chosen = kit.text("caption", selected, wrap=True)
        lines.addWidget(chosen)
        for text in visit.notes:
            note = QLabel(text)
            note.setObjectName("visit-note")
            font = kit.font("aside")
            font.setItalic(True)
            note.setFont(font)
            note.setWordWrap(True)
            lines.addWidget(note)
        return box

    def _date(self, at: dt.datetime | None) -> str:
        """``at`` on the store's calendar (a UTC machine in Shanghai is a day behind)."""
        return short_date(at, self.language, store_zone(self.ctx.config))

    def _render_consents(self, client: ClientProfile) -> None:
        lang = self.language
        for consent in client.consents:
            purpose_key = f"clients.purpose.{consent.purpose}"
            purpose = tr(purpose_key, lang) if purpose_key in _known() else consent.purpose
            status = (
                tr("clients.profile.withdrawn", lang, date=self._date(consent.withdrawn_at))
                if consent.withdrawn_at
                else tr("clients.profile.active", lang)
            )
            via_key = f"clients.via.{consent.given_via}"
            detail = tr(
                "clients.profile.consent_line",
                lang,
                date=self._date(consent.given_at),
                via=tr(via_key, lang) if via_key in _known() else consent.given_via,
                version=consent.wording_version,
                lang=consent.language,
            )
            self.consent_list.addWidget(_block(detail, f"{purpose}  ·  {status}"))
        self.consent_list.addWidget(
            kit.text(
                "caption",
                tr("clients.profile.tasks", lang, n=client.open_tasks),
                tone="muted",
                wrap=True,
                name="open-tasks",
            )
        )
        self.consent_list.addStretch(1)


def _known() -> set[str]:
    from ui.strings import keys

    return set(keys())

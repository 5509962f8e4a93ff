"""Service requests as lines of the associate home (``home.AssociateScreen``).

A request for a client goes to their advisor first (``OpenRequest.for_associate``): on the
advisor's home it comes first (``ServiceDesk.open_requests(me)``) and is marked "for you" in
brass; everyone else still sees it, in its place by age. The phone page's "I'm in the store"
reads "Your client is in the store" for the advisor ("A client is in the store" for the
others), with the area the customer chose where a kiosk's request names its kiosk. Only
anonymous facts are shown here: kind, area, kiosk, age, who is on the way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.associates.desk import OpenRequest, short_age
from ui import kit
from ui.strings import tr, trn

Answer = Callable[[uuid.UUID, bool], None]
"""Answer a request: (its id, resolve) - "Done" when True, "On my way" when False."""


def age_text(age: dt.timedelta, language: str) -> str:
    n, unit = short_age(age)
    if unit == "min" and n == 0:
        return tr("associate.home.age_now", language)
    return trn(f"associate.home.age.{unit}", language, n)


def kind_text(r: OpenRequest, mine: bool, language: str) -> str:
    """What is asked, in the associate's words: "Your client is in the store" to the
    client's advisor, "A client is in the store" to the others."""
    mine_key = "_mine" if r.kind == "in_store" and mine else ""
    return tr(f"associate.home.kind.{r.kind}{mine_key}", language)


def source_text(r: OpenRequest, here: str, language: str) -> str:
    """Where the guest is: this kiosk, another kiosk, or (from the phone page) the area they
    chose, "from their phone" when they chose none."""
    if r.kiosk_id == here:
        return tr("associate.home.this_kiosk", language)
    if r.kind == "in_store":
        return r.area or tr("associate.home.from_phone", language)
    return r.kiosk_id


def request_row(
    r: OpenRequest,
    now: dt.datetime,
    here: str,
    language: str,
    me: uuid.UUID | None,
    answer: Answer,
) -> QWidget:
    lang, mine = language, r.for_me(me)
    row = QFrame()
    row.setObjectName(f"request-{r.id}")
    kit.surface(row, "row" if r.acknowledged_at else "row_accent")
    line = QHBoxLayout(row)
    line.setContentsMargins(24, 14, 16, 14)
    line.setSpacing(16)
    text = QVBoxLayout()
    text.setSpacing(2)
    if mine:
        mark = tr("associate.home.for_you", lang).upper()
        text.addWidget(kit.text("eyebrow_xs", mark, tone="accent", name="for-you"))
    text.addWidget(kit.text("item", kind_text(r, mine, lang), name="kind"))
    source = source_text(r, here, lang)
    where = tr("associate.home.where", lang, kiosk=source, age=age_text(r.age(now), lang))
    status = (
        tr("associate.home.acknowledged_by", lang, name=r.acknowledged_by or "")
        if r.acknowledged_at
        else tr("associate.home.waiting", lang)
    )
    detail = kit.text("caption", f"{where}  ·  {status}", tone="muted", name="detail")
    text.addWidget(detail)
    line.addLayout(text, 1)
    if r.acknowledged_at is None:
        ack = kit.button(
            "secondary",
            tr("associate.home.acknowledge", lang),
            role="label",
            name="acknowledge",
        )
        ack.clicked.connect(lambda _=False, i=r.id: answer(i, False))
        line.addWidget(ack)
    done = kit.button("primary", tr("associate.home.resolve", lang), role="label", name="resolve")
    done.clicked.connect(lambda _=False, i=r.id: answer(i, True))
    line.addWidget(done)
    return row

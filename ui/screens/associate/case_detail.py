"""The lines of a case as the associate reads it (the left of the case screen).

What it was about and its state, how it came (at farewell with the score, or in person),
its age against the response target, the customer's own words set off as a quote, how they
may be reached (only with their consent; otherwise said plainly), who acknowledged it and
when, and, once resolved, what was done, what the customer was told, first contact and
escalation. Times are the store's local clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.recovery.cases import CaseDetail
from ui import kit
from ui.screens.associate.case_rows import timing_text
from ui.strings import tr


def local(at: dt.datetime, zone: dt.tzinfo) -> str:
    """A store clock time: associates think in the store's local time (``store_timezone``),
    not UTC nor the machine's zone."""
    return at.astimezone(zone).strftime("%d/%m %H:%M")


def _line(role: str, text: str, name: str = "", tone: str = "ink") -> QLabel:
    label = kit.text(role, text, wrap=True, name=name, tone=tone)  # type: ignore[arg-type]
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def detail_lines(
    case: CaseDetail,
    labels: Mapping[str, str],
    now: dt.datetime,
    lang: str,
    where: str,
    zone: dt.tzinfo,
) -> list[QWidget]:
    state = tr(f"associate.case.state.{case.state}", lang)
    timing = timing_text(case, now, lang)
    said = timing if case.state == "resolved" else f"{state}  ·  {timing}"  # "Resolved 2 h ago"
    lines: list[QWidget] = [
        _line("eyebrow_xs", said.upper(), "case-state", "accent"),
        _line("title_s", labels.get(case.category, case.category), "case-category"),
    ]
    if case.score is not None:
        came = tr("associate.case.came_farewell", lang, score=case.score, where=where)
    elif case.owner:
        came = tr("associate.case.came_in_person", lang, name=case.owner, where=where)
    else:
        came = tr("associate.case.came_farewell_no_score", lang, where=where)
    lines.append(
        _line("caption", f"{came}  ·  {local(case.created_at, zone)}", "case-came", "muted")
    )
    words = case.description or tr("associate.case.no_words", lang)
    quote = _line("body_s", words, "case-description", "ink" if case.description else "muted")
    kit.mark(quote, "quote")
    lines.append(quote)
    lines.append(_line("heading_s", tr("associate.case.contact", lang)))
    if case.has_contact:
        reach = [v for v in (case.contact_name, case.contact_phone, case.contact_email) if v]
        lines.append(_line("item_s", "  ·  ".join(reach), "case-contact"))
        lines.append(_line("caption_s", tr("associate.case.consented", lang), tone="muted"))
    else:
        lines.append(
            _line("body_s", tr("associate.case.no_contact", lang), "case-contact", "muted")
        )
    if case.acknowledged_at is not None:
        said = tr(
            "associate.case.acknowledged",
            lang,
            name=case.acknowledged_by or "",
            time=local(case.acknowledged_at, zone),
        )
    else:
        said = tr("associate.case.nobody_yet", lang)
    lines.append(_line("body_s", said, "case-acknowledged"))
    if case.state == "resolved":
        lines.append(_line("heading_s", tr("associate.case.resolution", lang)))
        pairs = [
            ("associate.case.field.note", case.internal_note),
            ("associate.case.field.reply", case.customer_reply),
        ]
        for key, value in pairs:
            lines.append(_line("caption_s", tr(key, lang), tone="muted"))
            lines.append(_line("body_s", value or "—"))
        first = tr("associate.case.yes" if case.first_contact else "associate.case.no", lang)
        lines.append(
            _line(
                "body_s", tr("associate.case.first_contact_was", lang, answer=first), "case-first"
            )
        )
        if case.escalated:
            escalated = tr("associate.case.escalated_because", lang, reason=case.escalation_reason)
            lines.append(_line("body_s", escalated, "case-escalation"))
    return lines

"""Why an outreach task exists, in one line an associate can act on: "Birthday on 12 December:
in 9 days", "No visit since 3 May (7 months)", "A year since the Aurora Range Cooker", "New:
the Lumen Wine Cabinet, for “We host friends often”".

The facts are the task's details as ``kiosk.outreach.reasons.reason_of`` reads them back (the
kind of date and the date, the last visit's day, the years and SKUs of a purchase, a new
arrival's SKU and the answer it suits; nothing personal, not even a free label's words), the
names come from the content pack in service, and "today" is the store's day (its zone). A fact
the task lacks leaves its part out rather than guessing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kiosk.outreach.reasons import OutreachReason, reason_of
from kiosk.outreach.rules import ANNIVERSARY, KEY_DATE, LAPSED, NEW_ARRIVAL
from kiosk.typesetting import join_list
from ui.strings import tr, trn

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack

DATE_KINDS = ("birthday", "anniversary", "move_in", "other")
"""The kinds of key date (``kiosk.db.client_book_rows.KEY_DATE_KINDS``; the database layer is
not the UI's to import)."""


def long_date(day: dt.date, language: str, with_year: bool = False) -> str:
    """ "12 December" / "12月12日" (with the year when it is not this year's)."""
    month = tr(f"outreach.month.{day.month}", language)
    said = tr("outreach.date", language, day=day.day, month=month)
    return tr("outreach.date_year", language, date=said, year=day.year) if with_year else said


def _product(pack: ContentPack, sku: str, language: str) -> str:
    product = pack.product(sku)
    return product.name.get(language) if product else sku


def key_date_line(reason: OutreachReason, today: dt.date, language: str) -> str:
    kind = reason.date_kind or "other"
    what = tr(f"outreach.date_kind.{kind if kind in DATE_KINDS else 'other'}", language)
    day = reason.on
    if day is None:
        return what
    days = (day - today).days
    when = long_date(day, language, with_year=day.year != today.year)
    if days < 0:
        return tr("outreach.reason.key_date_past", language, what=what, date=when)
    key = {0: "today", 1: "tomorrow"}.get(days, "in_days")
    return tr(f"outreach.reason.key_date_{key}", language, what=what, date=when, n=days)


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def lapsed_line(reason: OutreachReason, today: dt.date, language: str) -> str:
    last = reason.last_visit_on
    if last is None and reason.days is not None:
        last = today - dt.timedelta(days=reason.days)
    if last is None:
        return tr("outreach.reason.lapsed_unknown", language)
    months = months_between(last, today)
    if months >= 2:
        since = tr("outreach.months", language, n=months)
    elif months == 1:
        since = tr("outreach.one_month", language)
    else:
        since = trn("outreach.days", language, max(0, (today - last).days))
    date = long_date(last, language, with_year=months >= 11 or last.year != today.year)
    return tr("outreach.reason.lapsed", language, date=date, since=since)


def anniversary_line(reason: OutreachReason, pack: ContentPack, language: str) -> str:
    years = max(1, reason.years or 1)
    items = join_list([_product(pack, sku, language) for sku in reason.skus], language)
    count = "one" if years == 1 else "many"
    if not items:
        return tr(f"outreach.reason.anniversary_{count}_no_items", language, n=years)
    return tr(f"outreach.reason.anniversary_{count}", language, n=years, items=items)


def answer_label(pack: ContentPack, question: str, option: str, language: str) -> str | None:
    """The words of the answer the client gave (as they read it on the kiosk), or None."""
    for asked in pack.questions:
        for answer in asked.options if asked.id == question else ():
            if answer.id == option:
                return answer.label.get(language)
    return None


def new_arrival_line(reason: OutreachReason, pack: ContentPack, language: str) -> str:
    sku = reason.skus[0] if reason.skus else ""
    name = _product(pack, sku, language) if sku else tr("outreach.a_new_piece", language)
    question, option = reason.question, reason.answer
    chose = answer_label(pack, question, option, language) if question and option else None
    if chose:
        return tr("outreach.reason.new_arrival_answer", language, item=name, answer=chose)
    category = pack.categories.get(reason.category) if reason.category else None
    if category is not None:
        said = category.name.get(language)
        return tr("outreach.reason.new_arrival_category", language, item=name, category=said)
    return tr("outreach.reason.new_arrival", language, item=name)


def outreach_reason(
    kind: str, details: Mapping[str, Any], today: dt.date, pack: ContentPack, language: str
) -> str | None:
    """The one line of an outreach task of ``kind``; None for any other kind."""
    reason = reason_of(kind, details)
    if reason is None:
        return None
    if kind == KEY_DATE:
        return key_date_line(reason, today, language)
    if kind == LAPSED:
        return lapsed_line(reason, today, language)
    if kind == ANNIVERSARY:
        return anniversary_line(reason, pack, language)
    if kind == NEW_ARRIVAL:
        return new_arrival_line(reason, pack, language)
    return None

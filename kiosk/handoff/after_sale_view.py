"""The after-purchase part of the page as the templates show it: names in the page's
language, finish names, care guides, services with their day and hours, free slots grouped
by day. Pure functions over what ``kiosk.handoff.after_sale`` read and the content pack."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.aftersale.bookings import SlotChoice
from kiosk.content.model import ContentPack
from kiosk.handoff.after_sale import AfterSaleFacts, Booked, PurchaseFacts


@dataclass(frozen=True)
class ItemLine:
    name: str
    finish: str  # the finish's name in the page's language; empty: none
    quantity: int
    care_title: str
    care: tuple[str, ...]  # the care guide's paragraphs; empty: none in the pack


DAYS_OFFERED = 6
"""Days with a free place a booking form lists: a phone's screenful or two, not a wall of
choices; later dates are the store's to arrange (the form says to call)."""


@dataclass(frozen=True)
class SlotOption:
    value: str  # "YYYY-MM-DD/slot": what the form sends back
    name: str  # "Morning"
    hours: str  # "08:00–12:00"


@dataclass(frozen=True)
class DayOptions:
    label: str
    options: tuple[SlotOption, ...]


@dataclass(frozen=True)
class ServiceLine:
    booking_id: uuid.UUID
    service: str
    day: str
    time: str
    done: bool
    changeable: bool


@dataclass(frozen=True)
class PurchaseSection:
    id: uuid.UUID
    items: tuple[ItemLine, ...]
    services: tuple[ServiceLine, ...]
    unbooked: tuple[str, ...]
    offered: tuple[str, ...]


def date_label(day: dt.date, s: Mapping[str, str]) -> str:
    """ "Tuesday 8 December" / "12月8日 周二": the page's own words, no locale needed."""
    return s["date_format"].format(
        weekday=s[f"day.{day.weekday()}"], day=day.day, month=s[f"month.{day.month}"]
    )


def hours(start: dt.time | None, end: dt.time | None) -> str:
    if start is None or end is None:
        return ""
    return f"{start:%H:%M}–{end:%H:%M}"


def slot_label(name: str, start: dt.time | None, end: dt.time | None, s: Mapping[str, str]) -> str:
    """ "Morning · 08:00–12:00": the slot's name in the page's language, then its hours."""
    named = slot_name(name, s)
    span = hours(start, end)
    return f"{named} · {span}" if span else named


def choice_value(day: dt.date, slot: str) -> str:
    return f"{day.isoformat()}/{slot}"


def parse_choice(value: str) -> tuple[dt.date, str] | None:
    """A ``choice_value`` read back; None for anything else (a hand-made form)."""
    raw_day, sep, slot = value.partition("/")
    if not sep or not slot or len(slot) > 16 or not slot.replace("_", "").isalnum():
        return None
    try:
        return dt.date.fromisoformat(raw_day), slot
    except ValueError:
        return None


def slot_name(name: str, s: Mapping[str, str]) -> str:
    return s.get(f"slot.{name}") or name.replace("_", " ").capitalize()


def by_day(
    choices: Iterable[SlotChoice], s: Mapping[str, str], days: int = DAYS_OFFERED
) -> tuple[DayOptions, ...]:
    """Free slots grouped under their day, in date then start order; the first ``days``."""
    groups: dict[dt.date, list[SlotOption]] = {}
    for c in sorted(choices, key=lambda c: (c.day, c.start)):
        if c.day not in groups and len(groups) >= days:
            break
        option = SlotOption(
            choice_value(c.day, c.slot),
            slot_name(c.slot, s),
            hours(c.start, c.end),
        )
        groups.setdefault(c.day, []).append(option)
    return tuple(DayOptions(date_label(day, s), tuple(opts)) for day, opts in groups.items())


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def _item(pack: ContentPack, sku: str, finish: str | None, qty: int, lang: str) -> ItemLine:
    product = pack.product(sku)
    if product is None:  # the pack no longer has it: the reference, not nothing
        return ItemLine(sku, finish or "", qty, "", ())
    finish_name = ""
    if finish:
        known = product.finish(finish)
        finish_name = known.name.get(lang) if known else finish
    care = pack.care_for(sku)
    return ItemLine(
        product.name.get(lang),
        finish_name,
        qty,
        care.title.get(lang) if care else "",
        _paragraphs(care.body.get(lang)) if care else (),
    )


def _service(b: Booked, s: Mapping[str, str]) -> ServiceLine:
    v = b.view
    return ServiceLine(
        v.id,
        v.service,
        date_label(v.day, s),
        slot_label(v.slot, v.start, v.end, s),
        v.status == "done",
        b.changeable,
    )


def _section(
    pack: ContentPack, p: PurchaseFacts, lang: str, s: Mapping[str, str]
) -> PurchaseSection:
    return PurchaseSection(
        p.id,
        tuple(_item(pack, i.sku, i.finish, i.quantity, lang) for i in p.items),
        tuple(_service(b, s) for b in p.booked),
        p.unbooked,
        p.offered,
    )


def sections(
    pack: ContentPack, facts: AfterSaleFacts, lang: str, s: Mapping[str, str]
) -> tuple[PurchaseSection, ...]:
    return tuple(_section(pack, p, lang, s) for p in facts.purchases)


def free_by_service(
    facts: AfterSaleFacts, s: Mapping[str, str]
) -> dict[str, tuple[DayOptions, ...]]:
    return {service: by_day(choices, s) for service, choices in facts.free.items()}

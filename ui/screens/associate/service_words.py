"""The words associate screens use for the services after a sale: a day, a slot and its
hours, the items a service is for, and the one-line reason of an after-sale follow-up
("Confirm tomorrow's delivery (morning, 08:00–12:00) of the Atelier Low Sofa").

Shared by the services screen and the follow-ups screen, so both say a booking the same way.
Names and finishes come from the content pack in service; a SKU the pack no longer has shows
as itself. Nothing personal: a booking and its task details hold ids, SKUs, a day and a slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kiosk.typesetting import join_list
from ui.strings import keys, tr

if TYPE_CHECKING:
    from kiosk.aftersale.capacity import Capacity
    from kiosk.aftersale.purchases import PurchaseView
    from kiosk.content.model import ContentPack

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AFTER_SALE_KINDS = ("delivery_confirm", "installation_check", "referral_thanks")


def date_text(day: dt.date, language: str) -> str:
    return tr("followups.date", language, day=day.day, month=day.month, mon=MONTHS[day.month - 1])


def day_text(day: dt.date, language: str) -> str:
    """ "Fri 11 Dec" / "12月11日 周五"."""
    weekday = tr(f"services.weekday.{WEEKDAYS[day.weekday()]}", language)
    return tr("services.day", language, weekday=weekday, date=date_text(day, language))


def slot_name(name: str, language: str) -> str:
    key = f"services.slot.{name}"
    return tr(key, language) if key in keys() else name.replace("_", " ").capitalize()


def slot_words(name: str, start: dt.time | None, end: dt.time | None, language: str) -> str:
    """ "Morning, 08:00–12:00": the slot's name in the associate's words and its hours (the
    name alone when the store's capacity no longer has that slot)."""
    shown = slot_name(name, language)
    if start is None or end is None:
        return shown
    return tr("services.slot_hours", language, slot=shown, hours=f"{start:%H:%M}–{end:%H:%M}")


def product_name(pack: ContentPack, sku: str, language: str) -> str:
    product = pack.product(sku)
    return product.name.get(language) if product else sku


def finish_name(pack: ContentPack, sku: str, finish: str, language: str) -> str:
    product = pack.product(sku)
    for known in getattr(product, "finishes", ()):  # the pack's finishes, where it has them
        if known.id == finish:
            return str(known.name.get(language))
    return finish


def item_lines(pack: ContentPack, purchase: PurchaseView, service: str, language: str) -> list[str]:
    """Each item the service is for: "Atelier Low Sofa × 1, Cognac"."""
    lines = []
    for item in purchase.items:
        if not getattr(item, service, False):
            continue
        text = tr(
            "services.item", language, name=product_name(pack, item.sku, language), n=item.quantity
        )
        if item.finish:
            finish = finish_name(pack, item.sku, item.finish, language)
            text = tr("services.item_finish", language, item=text, finish=finish)
        lines.append(text)
    return lines


def items_text(pack: ContentPack, purchase: PurchaseView, service: str, language: str) -> str:
    return tr("services.list_sep", language).join(item_lines(pack, purchase, service, language))


def reason_text(
    kind: str,
    details: Mapping[str, Any],
    today: dt.date,
    pack: ContentPack,
    capacity: Capacity | None,
    language: str,
) -> str | None:
    """Why an after-sale follow-up exists, in one line the associate can act on; None for
    any other kind (their details say it field by field)."""
    if kind not in AFTER_SALE_KINDS:
        return None
    if kind == "referral_thanks":
        return tr("followups.reason.referral_thanks", language)
    skus: Iterable[str] = details.get("skus") or ()
    items = join_list([product_name(pack, str(sku), language) for sku in skus], language)
    if kind == "installation_check":
        key = "followups.reason.installation_check" + ("_items" if items else "")
        return tr(key, language, items=items)
    try:
        day = dt.date.fromisoformat(str(details.get("day")))
    except ValueError:
        return tr("followups.reason.delivery_confirm_no_items", language, when="", slot="").strip()
    name = str(details.get("slot") or "")
    slot = capacity.slot(day, name) if capacity is not None else None
    said = slot_words(name, slot.start if slot else None, slot.end if slot else None, language)
    if language.startswith("en"):
        said = said[:1].lower() + said[1:]  # "(morning, 08:00–12:00)" inside the sentence
    offset = (day - today).days
    if offset in (0, 1):
        when = tr(f"followups.reason.{'today' if offset == 0 else 'tomorrow'}", language)
    else:
        when = tr("followups.reason.on_day", language, date=day_text(day, language))
    key = "followups.reason.delivery_confirm" + ("" if items else "_no_items")
    return tr(key, language, when=when, slot=said, items=items)

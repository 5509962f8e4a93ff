"""Reasons that speak to the customer, and rooms that filter, on the demo pack.

Each card's reason is worded from one of the customer's own answers, in both languages; no two
cards in the first screenful give the same reason; pieces of rooms not chosen stay out unless
nothing in those rooms fits, and then the result says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from kiosk.content.model import ContentPack, Reason
from kiosk.content.validate import validate
from kiosk.visit.matching import Recommendations, recommend
from kiosk.visit.reasons import VIEW
from tests.visit.test_matching import make_pack, product, text

PACK_ROOT = Path(__file__).resolve().parents[2] / "data" / "demo-pack"

KITCHEN_DINING = {"rooms": ["kitchen", "dining"]}
HOSTING_KITCHEN_DINING = {
    "rooms": ["kitchen", "dining"],
    "household": ["large"],
    "lifestyle": ["host", "cook-daily"],
}
QUIET_KITCHEN = {
    "rooms": ["kitchen"],
    "lifestyle": ["work-home", "host"],
    "priorities": ["silence"],
}
LIVING_ROOM = {
    "rooms": ["living"],
    "household": ["couple"],
    "lifestyle": ["work-home"],
    "priorities": ["design"],
}
# Design pieces in the laundry room on the smallest budget: two modest pieces, neither a
# design piece; with those two gone, nothing fits and the budget is set aside.
NOTHING_FITS_WELL = {"rooms": ["laundry"], "priorities": ["design"], "budget": ["essential"]}

ANSWER_SETS = {
    "kitchen and dining": KITCHEN_DINING,
    "hosting in kitchen and dining": HOSTING_KITCHEN_DINING,
    "a quiet kitchen": QUIET_KITCHEN,
    "the living room": LIVING_ROOM,
    "nothing fits well": NOTHING_FITS_WELL,
}


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    report = validate(PACK_ROOT, check_images=False)
    assert report.pack is not None, [str(i) for i in report.errors]
    return report.pack


def room_categories(pack: ContentPack, needs: Mapping[str, Sequence[str]]) -> set[str]:
    rooms = next(q for q in pack.questions if q.id == "rooms")
    return {c for o in rooms.options if o.id in needs.get("rooms", ()) for c in o.categories}


def assert_speaks_to(recs: Recommendations, needs: Mapping[str, Sequence[str]]) -> None:
    assert recs.items, "never an empty screen"
    for item in recs.items:
        reason = item.reason
        assert reason is not None, f"{item.sku} is shown without a reason"
        assert reason.option in needs.get(reason.question, ()), f"{item.sku}: not an answer given"
        for language in ("en", "zh-Hans"):
            assert reason.text.has(language), f"{item.sku}: no {language} reason"
    in_view = [item.reason for item in recs.items[:VIEW] if item.reason is not None]
    assert len({r.key for r in in_view}) == len(in_view), [r.text.get("en") for r in in_view]
    for language in ("en", "zh-Hans"):
        texts = [r.text.get(language) for r in in_view]
        assert len(set(texts)) == len(texts), texts


@pytest.mark.parametrize("needs", ANSWER_SETS.values(), ids=ANSWER_SETS.keys())
def test_every_card_has_its_own_reason_from_the_customers_answers(
    pack: ContentPack, needs: dict[str, list[str]]
) -> None:
    recs = recommend(pack, needs)
    assert_speaks_to(recs, needs)
    rooms = room_categories(pack, needs)
    assert {pack.products[s].category for s in recs.skus} <= rooms
    assert not recs.outside_rooms


def test_kitchen_and_dining_show_no_laundry_and_the_hosts_reason(pack: ContentPack) -> None:
    recs = recommend(pack, HOSTING_KITCHEN_DINING)
    assert "laundry" not in {pack.products[s].category for s in recs.skus}
    texts = [item.reason.text.get("en") for item in recs.items if item.reason is not None]
    assert "for the dinners you host" in texts[:VIEW]
    # a kitchen's reason is not said of the dining table, nor a dining room's of an oven
    for item in recs.items:
        assert item.reason is not None
        category = pack.products[item.sku].category
        if item.reason.question == "rooms":
            assert category in room_categories(pack, {"rooms": [item.reason.option]})


def test_the_strongest_piece_still_comes_first(pack: ContentPack) -> None:
    recs = recommend(pack, QUIET_KITCHEN)
    assert recs.items[0].score == max(item.score for item in recs.items)
    # below the first screenful the ranking resumes where a repeat was held back
    assert len(recs.items) == 12


def test_a_budget_that_fits_nothing_is_set_aside_before_the_rooms(pack: ContentPack) -> None:
    recs = recommend(pack, NOTHING_FITS_WELL)
    assert not recs.fallback
    assert {pack.products[s].price_band for s in recs.skus} == {"essential"}
    gone = {s for s in recs.skus}
    narrowed = dataclasses.replace(
        pack, products={s: p for s, p in pack.products.items() if s not in gone}
    )
    recs = recommend(narrowed, NOTHING_FITS_WELL)
    assert recs.fallback
    assert not recs.outside_rooms
    assert {pack.products[s].category for s in recs.skus} == {"laundry"}
    assert_speaks_to(recs, NOTHING_FITS_WELL)


def test_rooms_with_nothing_that_fits_fall_back_to_other_rooms_and_say_so(
    pack: ContentPack,
) -> None:
    no_laundry = {s: p for s, p in pack.products.items() if p.category != "laundry"}
    narrowed = dataclasses.replace(pack, products=no_laundry)
    needs = {"rooms": ["laundry"], "priorities": ["silence"]}
    recs = recommend(narrowed, needs)
    assert recs.items
    assert recs.fallback
    assert recs.outside_rooms
    # the laundry room's own reasons are not said of pieces from other rooms
    first = recs.items[0].reason
    assert first is not None
    assert first.key == ("priorities", "silence", "quietness")
    assert all(i.reason is None or i.reason.question != "rooms" for i in recs.items)


def test_no_answers_still_show_the_collection_without_reasons(pack: ContentPack) -> None:
    recs = recommend(pack, {})
    assert len(recs.items) == 12
    assert not recs.personal
    assert all(item.reason is None for item in recs.items)


def test_a_room_alone_shows_its_pieces_with_its_reasons(pack: ContentPack) -> None:
    recs = recommend(pack, {"rooms": ["laundry"]})
    assert {pack.products[s].category for s in recs.skus} == {"laundry"}
    assert_speaks_to(recs, {"rooms": ["laundry"]})


def test_a_piece_whose_reason_is_taken_waits_below_one_with_a_fresh_reason() -> None:
    reasons = (
        Reason("priorities", "silence", "quiet", text("quiet, as you asked", "如您所愿，安静")),
        Reason("priorities", "openness", "open", text("open, as you asked", "如您所愿，开阔")),
    )
    small = dataclasses.replace(
        make_pack(product("A", quiet=1.0), product("B", quiet=0.9), product("C", open=0.5)),
        reasons=reasons,
    )
    recs = recommend(small, {"priorities": ["silence", "openness"]})
    assert recs.skus == ["A", "C", "B"]  # B would repeat A's reason in view
    assert [i.reason.option for i in recs.items if i.reason] == ["silence", "openness", "silence"]
    # below the first screenful the ranking is the score's again
    recs = recommend(small, {"priorities": ["silence", "openness"]}, view=1)
    assert recs.skus == ["A", "B", "C"]

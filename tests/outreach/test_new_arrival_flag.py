"""The pack's new-arrival flag: read, refused when it is not true or false (naming the file
and the product, the pack left out of service), and flagged on two demo pieces."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.errors import PackInvalid
from kiosk.content.store import PackStore
from kiosk.content.validate import load_pack, validate
from kiosk.outreach.interest import new_arrivals
from tests.content.conftest import write_mini_pack

FLAGGED = "attributes = { quietness = 0.8, capacity = 0.5 }\nnew_arrival = "


def test_a_product_flagged_new_is_read_and_others_are_not(tmp_path: Path) -> None:
    mini = write_mini_pack(tmp_path / "pack")
    assert not any(p.new_arrival for p in load_pack(mini.root).products.values())
    mini.edit("products/cooking.toml", FLAGGED.split("\n")[0], FLAGGED + "true")
    pack = load_pack(mini.root)
    assert [p.sku for p in new_arrivals(pack)] == ["OV-1"]


@pytest.mark.parametrize(("value", "found"), [('"yes"', "a text"), ("1", "a number")])
def test_a_flag_that_is_not_true_or_false_is_refused(tmp_path: Path, value, found) -> None:  # type: ignore[no-untyped-def]
    mini = write_mini_pack(tmp_path / "pack")
    mini.edit("products/cooking.toml", FLAGGED.split("\n")[0], FLAGGED + value)
    report = validate(mini.root)
    assert report.pack is None
    assert [str(i) for i in report.errors] == [
        "error: products/cooking.toml: products[0].new_arrival: "
        f"must be true or false, found {found}"
    ]
    with pytest.raises(PackInvalid):
        load_pack(mini.root)


def test_the_demo_pack_flags_two_pieces(content_dir: Path) -> None:
    pack = PackStore(content_dir).current()
    assert [p.sku for p in new_arrivals(pack)] == ["MV-CO-WD14", "MV-LI-SF3"]

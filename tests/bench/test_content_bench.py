"""Loading a prepared pack must cost at most 2x parsing its raw TOML with the stdlib alone.

A 5,000-product, 50-lookbook pack is generated in a temporary folder. Both sides are timed
in alternated pairs (tests/bench/pairs.py: the median of the pairs' ratios, with its spread),
and their peak memory taken from tracemalloc; the figures are printed and written to
bench-results/content.json.
"""

from __future__ import annotations

import json
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

from kiosk.content.snapshot import load_snapshot, prepare
from tests.bench.pairs import alternate
from tests.content.conftest import PACK_TOML, QUESTIONNAIRE_TOML

PRODUCTS = 5000
LOOKBOOKS = 50
PER_FILE = 100
RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "content.json"


def product(i: int) -> str:
    return f'''
[[products]]
sku = "SKU-{i:05d}"
name = {{ en = "Product {i}", "zh-Hans" = "产品{i}" }}
summary = {{ en = "A considered piece, number {i}.", "zh-Hans" = "第{i}号精心之作。" }}
category = "cooking"
collection = "atelier"
price_band = "{"premium" if i % 2 else "signature"}"
gallery = ["images/p{i % 10}.jpg", "images/p{(i + 1) % 10}.jpg"]
attributes = {{ quietness = {i % 10 / 10}, capacity = {(i * 7) % 10 / 10} }}

[[products.specs]]
label = {{ en = "Width", "zh-Hans" = "宽度" }}
value = "{60 + i % 30} cm"

[[products.chapters]]
kind = "heritage"
title = {{ en = "Since 1924", "zh-Hans" = "始于1924" }}
body = {{ en = "Made in Lyon for a century, piece {i}.", "zh-Hans" = "里昂百年工坊，第{i}件。" }}

[[products.chapters]]
kind = "materials"
title = {{ en = "Brushed steel", "zh-Hans" = "拉丝钢" }}
body = {{ en = "Brushed by hand in one direction.", "zh-Hans" = "单向手工拉丝。" }}
'''


def lookbook(n: int) -> str:
    scenes = []
    for s in range(3):
        spots = "".join(
            f'\n[[scenes.hotspots]]\nsku = "SKU-{(n * 97 + s * 13 + h) % PRODUCTS:05d}"\n'
            f"x = {0.1 + h * 0.15:.2f}\ny = 0.6\n"
            for h in range(5)
        )
        scenes.append(f"""
[[scenes]]
id = "s{s}"
image = "images/scene{s}.jpg"
caption = {{ en = "Scene {s}", "zh-Hans" = "场景{s}" }}
{spots}""")
    return (
        f'id = "lb{n}"\ntitle = {{ en = "Look {n}", "zh-Hans" = "风格{n}" }}\n'
        f'description = {{ en = "Look {n}.", "zh-Hans" = "风格{n}。" }}\n' + "".join(scenes)
    )


def make_pack(root: Path) -> None:
    (root / "products").mkdir(parents=True)
    (root / "lookbooks").mkdir()
    (root / "images").mkdir()
    (root / "attract").mkdir()
    (root / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (root / "questionnaire.toml").write_text(QUESTIONNAIRE_TOML, encoding="utf-8")
    for f in range(PRODUCTS // PER_FILE):
        text = "".join(product(i) for i in range(f * PER_FILE, (f + 1) * PER_FILE))
        (root / f"products/p{f:03d}.toml").write_text(text, encoding="utf-8")
    for n in range(LOOKBOOKS):
        (root / f"lookbooks/lb{n:02d}.toml").write_text(lookbook(n), encoding="utf-8")
    for name in [f"p{i}" for i in range(10)] + ["scene0", "scene1", "scene2"]:
        Image.new("RGB", (1920, 1080), (100, 90, 80)).save(root / f"images/{name}.jpg")
    Image.new("RGB", (1920, 1080)).save(root / "attract/01.jpg")


def raw_parse(root: Path) -> list[dict[str, Any]]:
    """The baseline: read and parse every TOML file with tomllib, nothing else."""
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.toml"))]


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    fn()
    _, most = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return most


def test_prepared_load_costs_at_most_twice_a_raw_parse(tmp_path: Path) -> None:
    root = tmp_path / "big-pack"
    make_pack(root)
    start = time.perf_counter()
    report = prepare(root)
    prepare_s = time.perf_counter() - start
    assert report.ok, [str(i) for i in report.errors[:5]]
    assert report.pack is not None
    assert len(report.pack.products) == PRODUCTS
    assert len(report.pack.lookbooks) == LOOKBOOKS

    def load() -> None:
        pack = load_snapshot(root)
        assert pack is not None

    paired = alternate(lambda: timed(load), lambda: timed(lambda: raw_parse(root)), max_pairs=40)
    figures = {
        "products": PRODUCTS,
        "lookbooks": LOOKBOOKS,
        **paired.figures("prepared_load_s", "raw_parse_s"),
        "target_ratio": 2.0,
        "raw_parse_peak_mib": round(peak(lambda: raw_parse(root)) / 2**20, 1),
        "prepared_load_peak_mib": round(peak(load) / 2**20, 1),
        "prepare_s": round(prepare_s, 2),
    }
    print("\ncontent bench:", json.dumps(figures))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert paired.ratio <= 2.0

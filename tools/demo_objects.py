"""Stylised products for the demo pack: each kind is drawn in a unit box from a finish.

A drawing returns an RGBA image whose transparent surround lets it be placed on a studio
backdrop (the product hero) or inside a room (lookbook scenes) with its own shadow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from demo_art import RGB, Fill, Sketch, shade, solid
from PIL import Image

STEEL = Fill((206, 208, 210), (128, 130, 134), False, "brushed", (236, 237, 238))
DARK_STEEL = Fill((96, 98, 102), (54, 56, 60), False, "brushed", (128, 130, 134))
BRONZE = Fill((182, 136, 94), (98, 68, 44), False, "brushed", (222, 178, 128))
BRASS = Fill((214, 178, 110), (140, 104, 52), False, "brushed", (240, 214, 150))
GLASS = Fill((46, 46, 52), (12, 12, 15), True, "glass")
SMOKED_OAK = Fill((118, 92, 68), (78, 58, 42), False, "wood")
OAK = Fill((196, 160, 118), (150, 114, 78), False, "wood")
WALNUT = Fill((126, 86, 58), (82, 54, 36), False, "wood")
MARBLE = Fill((246, 244, 240), (222, 218, 212), True, "grain")
TRAVERTINE = Fill((222, 204, 176), (186, 164, 134), True, "grain")
BOUCLE = Fill((236, 228, 214), (206, 196, 180), True, "grain")
CHARCOAL_WOOL = Fill((88, 86, 84), (58, 56, 55), True, "grain")
COGNAC = Fill((172, 104, 56), (112, 62, 32), True, "grain")
LINEN = Fill((232, 222, 204), (200, 188, 166), True, "grain")
ENAMEL = Fill((240, 236, 230), (208, 202, 194), False, "", (250, 248, 244))
GRAPHITE = Fill((78, 80, 84), (44, 45, 48), False, "", (98, 100, 104))
SAGE = Fill((164, 174, 152), (118, 128, 108), False, "", (186, 194, 174))
MIDNIGHT = Fill((52, 62, 82), (26, 32, 46), False, "", (70, 82, 104))
ALABASTER = Fill((246, 236, 220), (214, 196, 170), True, "grain")
WARM: RGB = (255, 214, 150)

FINISHES: dict[str, Fill] = {
    "steel": STEEL,
    "dark_steel": DARK_STEEL,
    "bronze": BRONZE,
    "brass": BRASS,
    "glass": GLASS,
    "smoked_oak": SMOKED_OAK,
    "oak": OAK,
    "walnut": WALNUT,
    "marble": MARBLE,
    "travertine": TRAVERTINE,
    "boucle": BOUCLE,
    "cognac": COGNAC,
    "linen": LINEN,
    "enamel": ENAMEL,
    "graphite": GRAPHITE,
    "sage": SAGE,
    "midnight": MIDNIGHT,
    "alabaster": ALABASTER,
    "charcoal_wool": CHARCOAL_WOOL,
}


@dataclass(frozen=True)
class Kind:
    draw: Callable[[Sketch, Fill, Fill], None]
    aspect: float  # width / height of the drawing box
    grounded: bool = True  # stands on the floor (gets a floor shadow)
    pad: float = 0.0  # room around the drawing for light to fade out


def _knobs(s: Sketch, y: float, xs: list[float], r: float, trim: Fill) -> None:
    for x in xs:
        s.shape((x - r, y - r * s.w / s.h, x + r, y + r * s.w / s.h), trim, "ellipse")
        s.shape(
            (x - r * 0.35, y - r * 0.9 * s.w / s.h, x + r * 0.35, y - r * 0.55 * s.w / s.h),
            solid((250, 246, 240)),
            "ellipse",
            alpha=120,
        )


def oven(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.015)
    s.shape((0.04, 0.03, 0.96, 0.16), DARK_STEEL, radius=0.01)
    _knobs(s, 0.095, [0.14, 0.26, 0.74, 0.86], 0.04, trim)
    s.shape((0.40, 0.07, 0.60, 0.12), solid((14, 14, 16)), radius=0.01)
    s.shape((0.44, 0.085, 0.56, 0.105), solid((255, 176, 90)), alpha=200)
    s.shape((0.04, 0.19, 0.96, 0.97), GLASS, radius=0.01)
    s.shape((0.14, 0.38, 0.86, 0.86), Fill((58, 36, 22), (16, 12, 10)), radius=0.015)
    s.glow((0.5, 0.62), 0.22, (255, 150, 70), 90)
    s.shape((0.08, 0.23, 0.92, 0.275), trim, radius=0.02)


def compact_oven(s: Sketch, body: Fill, trim: Fill) -> None:
    oven(s, body, trim)


def range_cooker(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0.06, 1, 0.94), body, radius=0.01)
    s.shape((-0.005, 0, 1.005, 0.07), DARK_STEEL, radius=0.005)
    for x in (0.12, 0.3, 0.5, 0.7, 0.88):
        s.shape((x - 0.06, 0.005, x + 0.06, 0.05), solid((20, 20, 22)), "ellipse")
    s.shape((0.02, 0.09, 0.98, 0.2), DARK_STEEL, radius=0.01)
    _knobs(s, 0.145, [0.08, 0.18, 0.28, 0.38, 0.62, 0.72, 0.82, 0.92], 0.028, trim)
    for x0, x1 in ((0.03, 0.6), (0.63, 0.97)):
        s.shape((x0, 0.24, x1, 0.86), GLASS, radius=0.01)
        s.shape((x0 + 0.06, 0.38, x1 - 0.06, 0.78), Fill((50, 34, 22), (14, 11, 9)), radius=0.01)
        s.shape((x0 + 0.03, 0.27, x1 - 0.03, 0.305), trim, radius=0.02)
    s.shape((0.02, 0.88, 0.98, 1), solid((26, 26, 28)))


def hob(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape(
        (0, 0, 1, 1), solid((0, 0, 0)), "poly", poly=[(0.08, 0), (0.92, 0), (1, 1), (0, 1)], alpha=0
    )
    s.shape((0, 0, 1, 1), GLASS, "poly", poly=[(0.1, 0.05), (0.9, 0.05), (1, 0.85), (0, 0.85)])
    s.shape((0, 0.85, 1, 1), body)
    for cx, cy, r in ((0.3, 0.32, 0.13), (0.7, 0.32, 0.13), (0.24, 0.62, 0.17), (0.74, 0.62, 0.15)):
        s.shape(
            (cx - r, cy - r * 0.5, cx + r, cy + r * 0.5), solid((60, 60, 66)), "ellipse", alpha=140
        )
        s.shape(
            (cx - r * 0.8, cy - r * 0.4, cx + r * 0.8, cy + r * 0.4), solid((20, 20, 24)), "ellipse"
        )
    s.shape((0.42, 0.72, 0.58, 0.8), solid((255, 120, 60)), radius=0.02, alpha=150)


def gas_hob(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, "poly", poly=[(0.1, 0.05), (0.9, 0.05), (1, 0.85), (0, 0.85)])
    s.shape((0, 0.85, 1, 1), DARK_STEEL)
    for cx, cy, r in (
        (0.28, 0.3, 0.1),
        (0.72, 0.3, 0.1),
        (0.5, 0.47, 0.13),
        (0.22, 0.65, 0.12),
        (0.78, 0.65, 0.12),
    ):
        s.shape((cx - r, cy - r * 0.45, cx + r, cy + r * 0.45), solid((22, 22, 24)), "ellipse")
        s.shape((cx - r * 0.45, cy - r * 0.22, cx + r * 0.45, cy + r * 0.22), trim, "ellipse")
    _knobs(s, 0.925, [0.15, 0.3, 0.5, 0.7, 0.85], 0.03, trim)


def hood(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.36, 0, 0.64, 0.56), body)
    s.shape((0, 0, 1, 1), body, "poly", poly=[(0.36, 0.55), (0.64, 0.55), (0.98, 0.9), (0.02, 0.9)])
    s.shape((0.0, 0.88, 1, 0.97), trim, radius=0.01)
    s.glow((0.5, 1.0), 0.3, WARM, 120)


def coffee(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.02)
    s.shape((0.05, 0.06, 0.95, 0.94), GLASS, radius=0.015)
    s.shape((0.30, 0.40, 0.70, 0.88), solid((10, 10, 12)), radius=0.02)
    s.shape((0.46, 0.40, 0.54, 0.5), trim, radius=0.01)
    s.shape((0.42, 0.72, 0.58, 0.86), ENAMEL, radius=0.03)
    s.shape((0.38, 0.12, 0.62, 0.2), solid((255, 190, 120)), radius=0.02, alpha=170)
    s.glow((0.5, 0.62), 0.15, WARM, 70)


def drawer(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.02)
    s.shape((0.03, 0.08, 0.97, 0.92), GLASS, radius=0.02)
    s.shape((0.15, 0.2, 0.85, 0.32), trim, radius=0.05)


def fridge(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.012)
    s.shape((0.497, 0.01, 0.503, 0.64), solid((30, 30, 32)))
    s.shape((0, 0.64, 1, 0.648), solid((30, 30, 32)))
    s.shape((0.44, 0.08, 0.47, 0.56), trim, radius=0.2)
    s.shape((0.53, 0.08, 0.56, 0.56), trim, radius=0.2)
    s.shape((0.2, 0.68, 0.8, 0.7), trim, radius=0.2)
    s.shape((0, 0.97, 1, 1), solid((24, 24, 26)))


def column(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.015)
    s.shape((0.82, 0.1, 0.88, 0.6), trim, radius=0.3)
    s.shape((0, 0.97, 1, 1), solid((24, 24, 26)))


def wine(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.015)
    s.shape((0.06, 0.03, 0.94, 0.95), Fill((40, 28, 22), (14, 10, 9)), radius=0.01)
    rows = int(12 * s.h / max(s.w, 1) / 2.4) + 3
    for i in range(rows):
        y = 0.08 + i * (0.84 / rows)
        s.shape(
            (0.08, y + 0.8 * 0.84 / rows, 0.92, y + 0.84 / rows), solid((255, 206, 140)), alpha=90
        )
        for j in range(5):
            x = 0.16 + j * 0.17
            s.shape(
                (x - 0.06, y + 0.15 * 0.84 / rows, x + 0.06, y + 0.75 * 0.84 / rows),
                Fill((70, 20, 28), (24, 8, 10)),
                "ellipse",
            )
    s.shape((0.06, 0.03, 0.94, 0.95), GLASS, radius=0.01, alpha=90)
    s.shape((0.85, 0.2, 0.89, 0.7), trim, radius=0.3)


def dishwasher(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.015)
    s.shape((0.03, 0.03, 0.97, 0.15), DARK_STEEL, radius=0.01)
    s.shape((0.42, 0.07, 0.58, 0.11), solid((120, 220, 200)), alpha=120)
    s.shape((0.1, 0.2, 0.9, 0.25), trim, radius=0.05)


def island(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0.0, 1, 0.1), MARBLE)
    s.shape((0, 0.095, 1, 0.11), solid((150, 146, 140)), alpha=120)
    s.shape((0.02, 0.11, 0.98, 0.96), body)
    for i in range(1, 4):
        s.shape((i * 0.25 - 0.002, 0.11, i * 0.25 + 0.002, 0.96), solid((20, 14, 10)), alpha=160)
    for i in range(4):
        s.shape((i * 0.25 + 0.08, 0.16, i * 0.25 + 0.17, 0.18), trim, radius=0.1)
    s.shape((0.03, 0.96, 0.97, 1), solid((20, 18, 16)))


def cabinets(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 0.34, 1), body)
    s.shape((0.34, 0.0, 1, 0.34), body)
    s.shape((0.34, 0.34, 1, 0.58), MARBLE)
    s.shape((0.34, 0.6, 1, 0.95), body)
    s.shape((0.34, 0.58, 1, 0.61), MARBLE)
    for x in (0.17, 0.5, 0.67, 0.84):
        s.shape(
            (x - 0.002, 0.6 if x > 0.3 else 0, x + 0.002, 0.95 if x > 0.3 else 1),
            solid((20, 14, 10)),
            alpha=150,
        )
    for x in (0.14, 0.2):
        s.shape((x, 0.45, x + 0.012, 0.6), trim, radius=0.2)
    s.shape((0.34, 0.32, 1, 0.345), solid((255, 226, 180)), alpha=160)
    s.shape((0.34, 0.95, 1, 1), solid((20, 18, 16)))


def larder(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body)
    s.shape((0.497, 0, 0.503, 0.97), solid((20, 14, 10)), alpha=170)
    s.shape((0.43, 0.35, 0.47, 0.6), trim, radius=0.3)
    s.shape((0.53, 0.35, 0.57, 0.6), trim, radius=0.3)
    s.shape((0, 0.97, 1, 1), solid((20, 18, 16)))


def sink(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.485, 0.1, 0.515, 0.35), trim, radius=0.3)
    s.shape((0.49, 0.03, 0.66, 0.06), trim, radius=0.3)
    s.shape((0.63, 0.04, 0.66, 0.15), trim, radius=0.3)
    s.shape((0, 0.33, 1, 0.42), MARBLE)
    s.shape((0.05, 0.42, 0.95, 0.96), body)
    s.shape((0.497, 0.42, 0.503, 0.96), solid((20, 14, 10)), alpha=150)
    s.shape((0, 0.96, 1, 1), solid((20, 18, 16)))


def shelving(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), Fill((226, 220, 210), (206, 198, 186)), alpha=80)
    colors = [
        ENAMEL,
        Fill((60, 58, 54), (30, 29, 28)),
        TRAVERTINE,
        Fill((132, 140, 120), (92, 100, 84)),
    ]
    for i, y in enumerate((0.3, 0.62, 0.94)):
        s.shape((0, y, 1, y + 0.05), body)
        for j in range(3):
            x = 0.12 + j * 0.3 + (i % 2) * 0.08
            h = 0.12 + ((i + j) % 3) * 0.05
            s.shape(
                (x, y - h, x + 0.12, y),
                colors[(i + j) % 4],
                "ellipse" if j % 2 else "rect",
                radius=0.02,
            )


def bar_cabinet(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 0.86), body, radius=0.01)
    for i in range(1, 16):
        s.shape((i / 16 - 0.003, 0.03, i / 16 + 0.003, 0.83), solid((20, 14, 10)), alpha=90)
    s.shape((0.47, 0.35, 0.53, 0.5), trim, "ellipse")
    for x in (0.06, 0.9):
        s.shape((x, 0.86, x + 0.04, 1), trim)


def washer(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.03)
    s.shape((0.04, 0.03, 0.96, 0.16), DARK_STEEL, radius=0.02)
    _knobs(s, 0.095, [0.8], 0.055, trim)
    s.shape((0.12, 0.07, 0.4, 0.12), solid((14, 14, 16)), radius=0.02)
    s.shape((0.16, 0.085, 0.3, 0.105), solid((140, 220, 210)), alpha=160)
    s.shape((0.15, 0.26, 0.85, 0.95), trim, "ellipse")
    s.shape((0.21, 0.31, 0.79, 0.9), Fill((60, 66, 74), (18, 20, 24)), "ellipse")
    s.shape((0.27, 0.36, 0.73, 0.85), GLASS, "ellipse", alpha=180)


def care_cabinet(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.02)
    s.shape((0.08, 0.04, 0.92, 0.92), Fill((214, 208, 198), (150, 142, 132)), radius=0.01)
    s.line([(0.12, 0.14), (0.88, 0.14)], (120, 110, 100), 0.02)
    for x, c in ((0.25, (52, 62, 82)), (0.5, (210, 196, 172)), (0.74, (30, 30, 32))):
        s.shape(
            (x - 0.12, 0.15, x + 0.12, 0.7),
            solid(c),
            "poly",
            poly=[
                (x - 0.05, 0.15),
                (x + 0.05, 0.15),
                (x + 0.13, 0.22),
                (x + 0.11, 0.72),
                (x - 0.11, 0.72),
                (x - 0.13, 0.22),
            ],
        )
    s.shape((0.08, 0.04, 0.92, 0.92), GLASS, radius=0.01, alpha=70)
    s.shape((0.1, 0.94, 0.9, 0.97), trim, radius=0.3)


def pedestal(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=0.03)
    s.shape((0.25, 0.2, 0.75, 0.3), trim, radius=0.3)


def sofa(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.02, 0.08, 0.98, 0.62), body, radius=0.12)
    s.shape((0, 0.35, 0.12, 0.9), body, radius=0.1)
    s.shape((0.88, 0.35, 1, 0.9), body, radius=0.1)
    for x in (0.12, 0.5):
        s.shape(
            (x + 0.005, 0.48, x + 0.375, 0.72),
            Fill(shade(body.c1, 0.05), body.c2, texture=body.texture),
            radius=0.12,
        )
    s.shape((0.1, 0.7, 0.9, 0.9), body, radius=0.06)
    s.shape((0.1, 0.88, 0.9, 0.9), solid((0, 0, 0)), alpha=40)
    for x in (0.06, 0.92):
        s.shape((x, 0.9, x + 0.025, 1), trim)


def armchair(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.08, 0, 0.92, 0.7), body, "ellipse")
    s.shape((0, 0.3, 0.22, 0.86), body, radius=0.4)
    s.shape((0.78, 0.3, 1, 0.86), body, radius=0.4)
    s.shape(
        (0.16, 0.52, 0.84, 0.84),
        Fill(shade(body.c1, 0.06), body.c2, texture=body.texture),
        radius=0.3,
    )
    for x in (0.14, 0.82):
        s.shape((x, 0.84, x + 0.04, 1), trim)


def coffee_table(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.2, 0.3, 0.8, 1), Fill(shade(body.c2, -0.1), shade(body.c2, -0.3), False))
    s.shape((0.2, 0.86, 0.8, 1), Fill(shade(body.c2, -0.1), shade(body.c2, -0.3), False), "ellipse")
    s.shape((0, 0.1, 1, 0.42), Fill(shade(body.c2, -0.1), shade(body.c2, -0.25)), "ellipse")
    s.shape((0, 0, 1, 0.34), body, "ellipse")


def dining_table(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 0.1), body)
    s.shape((0, 0.08, 1, 0.12), Fill(shade(body.c2, -0.2), shade(body.c2, -0.4)))
    for x in (0.1, 0.82):
        s.shape(
            (x, 0.12, x + 0.08, 1), Fill(shade(body.c1, -0.1), shade(body.c2, -0.2), False, "wood")
        )
    s.shape((0.1, 0.6, 0.9, 0.64), Fill(shade(body.c1, -0.15), shade(body.c2, -0.25)))


def dining_chair(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.12, 0, 0.88, 0.42), body, radius=0.12)
    for i in range(8):
        s.line(
            [(0.16, 0.05 + i * 0.045), (0.84, 0.05 + i * 0.045)], shade(body.c2, -0.25), 0.006, 120
        )
    s.shape((0.05, 0.46, 0.95, 0.56), body, radius=0.05)
    for x in (0.1, 0.84):
        s.shape((x, 0.42, x + 0.05, 1), trim)


def sideboard(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0.66, 0, 0.8, 0.3), ALABASTER, "ellipse")
    s.shape((0.7, 0.12, 0.76, 0.3), ALABASTER)
    s.shape((0.1, 0.2, 0.36, 0.32), ENAMEL, radius=0.03)
    s.shape((0, 0.3, 1, 0.86), body, radius=0.01)
    for i in range(1, 4):
        s.shape((i / 4 - 0.002, 0.32, i / 4 + 0.002, 0.84), solid((12, 10, 8)), alpha=170)
    for x in (0.03, 0.94):
        s.shape((x, 0.86, x + 0.03, 1), trim)


def pendant(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(0.5, 0), (0.5, 0.45)], (30, 28, 26), 0.006)
    s.glow((0.5, 0.9), 0.45, WARM, 170)
    s.shape(
        (0, 0, 1, 1),
        body,
        "poly",
        poly=[
            (0.5 + 0.5 * math.cos(a) * 0.9, 0.86 - 0.42 * abs(math.sin(a)))
            for a in [math.pi * i / 40 for i in range(41)]
        ],
    )
    s.shape((0.08, 0.8, 0.92, 0.9), solid((255, 236, 200)), "ellipse")


def globe(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(0.5, 0), (0.5, 0.3)], (30, 28, 26), 0.008)
    s.shape((0.42, 0.26, 0.58, 0.32), trim, radius=0.1)
    s.glow((0.5, 0.64), 0.5, WARM, 150)
    s.shape((0.14, 0.3, 0.86, 1), Fill((255, 244, 222), (236, 214, 176)), "ellipse", alpha=235)
    s.glow((0.5, 0.66), 0.16, (255, 255, 245), 230)


def arc_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    pts = [
        (
            0.18 + 0.6 * (1 - math.cos(t / 30 * math.pi / 2 * 1.2)),
            0.95 - 0.88 * math.sin(t / 30 * math.pi * 0.62),
        )
        for t in range(31)
    ]
    s.line(pts, (196, 160, 96), 0.012)
    ex, ey = pts[-1]
    s.glow((ex, ey + 0.18), 0.22, WARM, 180)
    s.shape(
        (ex - 0.14, ey, ex + 0.14, ey + 0.14),
        trim,
        "poly",
        poly=[(ex - 0.02, ey), (ex + 0.02, ey), (ex + 0.14, ey + 0.13), (ex - 0.14, ey + 0.13)],
    )
    s.shape((0.06, 0.93, 0.3, 1), body, "ellipse")


def table_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((0.5, 0.25), 0.5, WARM, 150)
    s.shape(
        (0.12, 0, 0.88, 0.42), trim, "poly", poly=[(0.26, 0), (0.74, 0), (0.9, 0.42), (0.1, 0.42)]
    )
    s.shape((0.2, 0.42, 0.8, 1), body, "ellipse")
    s.glow((0.5, 0.6), 0.2, (255, 240, 210), 80)


def sconce(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((0.5, 0.3), 0.5, WARM, 150)
    s.glow((0.5, 0.8), 0.4, WARM, 110)
    s.shape((0.38, 0.2, 0.62, 0.8), trim, radius=0.3)
    s.shape((0.18, 0.35, 0.82, 0.62), body, "ellipse")
    s.glow((0.5, 0.48), 0.12, (255, 250, 235), 200)


def chandelier(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(0.5, 0), (0.5, 0.5)], (40, 36, 30), 0.006)
    s.shape((0.05, 0.52, 0.95, 0.62), trim, "ellipse")
    s.shape((0.1, 0.54, 0.9, 0.6), solid((0, 0, 0)), "ellipse", alpha=120)
    for i in range(7):
        x = 0.1 + i * 0.8 / 6
        y = 0.62 + (0.08 if i % 2 else 0)
        s.glow((x, y + 0.12), 0.11, WARM, 170)
        s.shape(
            (x - 0.05, y + 0.04, x + 0.05, y + 0.2),
            Fill((255, 244, 222), (232, 206, 164)),
            "ellipse",
        )


def column_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((0.5, 0.45), 0.7, WARM, 160)
    s.shape((0.26, 0, 0.74, 0.82), body, radius=0.08)
    s.glow((0.5, 0.4), 0.2, (255, 240, 214), 90)
    s.shape((0.38, 0.82, 0.62, 0.96), trim)
    s.shape((0.2, 0.95, 0.8, 1), trim, "ellipse")


KINDS: dict[str, Kind] = {
    "oven": Kind(oven, 1.0),
    "compact_oven": Kind(compact_oven, 1.3),
    "range": Kind(range_cooker, 1.55),
    "hob": Kind(hob, 1.6),
    "gas_hob": Kind(gas_hob, 1.6),
    "hood": Kind(hood, 1.1, False, 0.6),
    "coffee": Kind(coffee, 1.3, True, 0.6),
    "drawer": Kind(drawer, 2.6),
    "fridge": Kind(fridge, 0.48),
    "column": Kind(column, 0.33),
    "wine": Kind(wine, 0.36),
    "wine_small": Kind(wine, 0.72),
    "fridge_drawers": Kind(fridge, 1.1),
    "ice": Kind(drawer, 1.2),
    "dishwasher": Kind(dishwasher, 0.72),
    "island": Kind(island, 2.3),
    "cabinets": Kind(cabinets, 1.9),
    "larder": Kind(larder, 0.55),
    "sink": Kind(sink, 1.2),
    "shelving": Kind(shelving, 1.3, False),
    "bar_cabinet": Kind(bar_cabinet, 0.8),
    "washer": Kind(washer, 0.72),
    "care_cabinet": Kind(care_cabinet, 0.42),
    "pedestal": Kind(pedestal, 2.4),
    "sofa": Kind(sofa, 2.6),
    "armchair": Kind(armchair, 0.95),
    "coffee_table": Kind(coffee_table, 2.1),
    "dining_table": Kind(dining_table, 2.3),
    "dining_chair": Kind(dining_chair, 0.55),
    "sideboard": Kind(sideboard, 2.4),
    "pendant": Kind(pendant, 1.0, False, 0.6),
    "globe": Kind(globe, 0.8, False, 0.6),
    "arc_lamp": Kind(arc_lamp, 0.9, True, 0.6),
    "table_lamp": Kind(table_lamp, 0.62, True, 0.6),
    "sconce": Kind(sconce, 0.8, False, 0.6),
    "chandelier": Kind(chandelier, 1.5, False, 0.6),
    "column_lamp": Kind(column_lamp, 0.32, True, 1.2),
}


def render(kind: str, height: int, body: str, trim: str) -> Image.Image:
    """The product drawn ``height`` pixels tall (RGBA)."""
    k = KINDS[kind]
    s = Sketch(max(8, round(height * k.aspect)), height, k.pad)
    k.draw(s, FINISHES[body], FINISHES[trim])
    return s.done()

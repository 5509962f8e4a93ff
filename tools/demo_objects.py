"""Stylised products for the demo pack: each kind is drawn in a unit box from a finish.

A drawing returns an RGBA image whose transparent surround lets it be placed on a studio
backdrop (the product hero) or inside a room (lookbook scenes) with its own shadow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from demo_art import RGB, Fill, Sketch, shade, solid

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
    "steel": STEEL, "dark_steel": DARK_STEEL, "bronze": BRONZE, "brass": BRASS,
    "glass": GLASS, "smoked_oak": SMOKED_OAK, "oak": OAK, "walnut": WALNUT,
    "marble": MARBLE, "travertine": TRAVERTINE, "boucle": BOUCLE, "cognac": COGNAC,
    "linen": LINEN, "enamel": ENAMEL, "graphite": GRAPHITE, "sage": SAGE,
    "midnight": MIDNIGHT, "alabaster": ALABASTER, "charcoal_wool": CHARCOAL_WOOL,
}


@dataclass(frozen=True)
class Kind:
    draw: Callable[[Sketch, Fill, Fill], None]
    aspect: float          # width / height of the drawing box
    grounded: bool = True  # stands on the floor (gets a floor shadow)
    pad: float = 0.0       # room around the drawing for light to fade out


def _knobs(s: Sketch, y: float, xs: list[float], r: float, trim: Fill) -> None:
    for x in xs:
        s.shape((x - r, y - r * s.w / s.h, x + r, y + r * s.w / s.h), trim, "ellipse")
        s.shape((x - r * .35, y - r * .9 * s.w / s.h, x + r * .35, y - r * .55 * s.w / s.h),
                solid((250, 246, 240)), "ellipse", alpha=120)


def oven(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.015)
    s.shape((.04, .03, .96, .16), DARK_STEEL, radius=.01)
    _knobs(s, .095, [.14, .26, .74, .86], .04, trim)
    s.shape((.40, .07, .60, .12), solid((14, 14, 16)), radius=.01)
    s.shape((.44, .085, .56, .105), solid((255, 176, 90)), alpha=200)
    s.shape((.04, .19, .96, .97), GLASS, radius=.01)
    s.shape((.14, .38, .86, .86), Fill((58, 36, 22), (16, 12, 10)), radius=.015)
    s.glow((.5, .62), .22, (255, 150, 70), 90)
    s.shape((.08, .23, .92, .275), trim, radius=.02)


def compact_oven(s: Sketch, body: Fill, trim: Fill) -> None:
    oven(s, body, trim)


def range_cooker(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, .06, 1, .94), body, radius=.01)
    s.shape((-.005, 0, 1.005, .07), DARK_STEEL, radius=.005)
    for x in (.12, .3, .5, .7, .88):
        s.shape((x - .06, .005, x + .06, .05), solid((20, 20, 22)), "ellipse")
    s.shape((.02, .09, .98, .2), DARK_STEEL, radius=.01)
    _knobs(s, .145, [.08, .18, .28, .38, .62, .72, .82, .92], .028, trim)
    for x0, x1 in ((.03, .6), (.63, .97)):
        s.shape((x0, .24, x1, .86), GLASS, radius=.01)
        s.shape((x0 + .06, .38, x1 - .06, .78), Fill((50, 34, 22), (14, 11, 9)), radius=.01)
        s.shape((x0 + .03, .27, x1 - .03, .305), trim, radius=.02)
    s.shape((.02, .88, .98, 1), solid((26, 26, 28)))


def hob(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), solid((0, 0, 0)), "poly", poly=[(.08, 0), (.92, 0), (1, 1), (0, 1)],
            alpha=0)
    s.shape((0, 0, 1, 1), GLASS, "poly", poly=[(.1, .05), (.9, .05), (1, .85), (0, .85)])
    s.shape((0, .85, 1, 1), body)
    for cx, cy, r in ((.3, .32, .13), (.7, .32, .13), (.24, .62, .17), (.74, .62, .15)):
        s.shape((cx - r, cy - r * .5, cx + r, cy + r * .5), solid((60, 60, 66)), "ellipse",
                alpha=140)
        s.shape((cx - r * .8, cy - r * .4, cx + r * .8, cy + r * .4), solid((20, 20, 24)),
                "ellipse")
    s.shape((.42, .72, .58, .8), solid((255, 120, 60)), radius=.02, alpha=150)


def gas_hob(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, "poly", poly=[(.1, .05), (.9, .05), (1, .85), (0, .85)])
    s.shape((0, .85, 1, 1), DARK_STEEL)
    for cx, cy, r in ((.28, .3, .1), (.72, .3, .1), (.5, .47, .13), (.22, .65, .12),
                      (.78, .65, .12)):
        s.shape((cx - r, cy - r * .45, cx + r, cy + r * .45), solid((22, 22, 24)), "ellipse")
        s.shape((cx - r * .45, cy - r * .22, cx + r * .45, cy + r * .22), trim, "ellipse")
    _knobs(s, .925, [.15, .3, .5, .7, .85], .03, trim)


def hood(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.36, 0, .64, .56), body)
    s.shape((0, 0, 1, 1), body, "poly", poly=[(.36, .55), (.64, .55), (.98, .9), (.02, .9)])
    s.shape((.0, .88, 1, .97), trim, radius=.01)
    s.glow((.5, 1.0), .3, WARM, 120)


def coffee(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.02)
    s.shape((.05, .06, .95, .94), GLASS, radius=.015)
    s.shape((.30, .40, .70, .88), solid((10, 10, 12)), radius=.02)
    s.shape((.46, .40, .54, .5), trim, radius=.01)
    s.shape((.42, .72, .58, .86), ENAMEL, radius=.03)
    s.shape((.38, .12, .62, .2), solid((255, 190, 120)), radius=.02, alpha=170)
    s.glow((.5, .62), .15, WARM, 70)


def drawer(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.02)
    s.shape((.03, .08, .97, .92), GLASS, radius=.02)
    s.shape((.15, .2, .85, .32), trim, radius=.05)


def fridge(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.012)
    s.shape((.497, .01, .503, .64), solid((30, 30, 32)))
    s.shape((0, .64, 1, .648), solid((30, 30, 32)))
    s.shape((.44, .08, .47, .56), trim, radius=.2)
    s.shape((.53, .08, .56, .56), trim, radius=.2)
    s.shape((.2, .68, .8, .7), trim, radius=.2)
    s.shape((0, .97, 1, 1), solid((24, 24, 26)))


def column(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.015)
    s.shape((.82, .1, .88, .6), trim, radius=.3)
    s.shape((0, .97, 1, 1), solid((24, 24, 26)))


def wine(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.015)
    s.shape((.06, .03, .94, .95), Fill((40, 28, 22), (14, 10, 9)), radius=.01)
    rows = int(12 * s.h / max(s.w, 1) / 2.4) + 3
    for i in range(rows):
        y = .08 + i * (.84 / rows)
        s.shape((.08, y + .8 * .84 / rows, .92, y + .84 / rows), solid((255, 206, 140)),
                alpha=90)
        for j in range(5):
            x = .16 + j * .17
            s.shape((x - .06, y + .15 * .84 / rows, x + .06, y + .75 * .84 / rows),
                    Fill((70, 20, 28), (24, 8, 10)), "ellipse")
    s.shape((.06, .03, .94, .95), GLASS, radius=.01, alpha=90)
    s.shape((.85, .2, .89, .7), trim, radius=.3)


def dishwasher(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.015)
    s.shape((.03, .03, .97, .15), DARK_STEEL, radius=.01)
    s.shape((.42, .07, .58, .11), solid((120, 220, 200)), alpha=120)
    s.shape((.1, .2, .9, .25), trim, radius=.05)


def island(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, .0, 1, .1), MARBLE)
    s.shape((0, .095, 1, .11), solid((150, 146, 140)), alpha=120)
    s.shape((.02, .11, .98, .96), body)
    for i in range(1, 4):
        s.shape((i * .25 - .002, .11, i * .25 + .002, .96), solid((20, 14, 10)), alpha=160)
    for i in range(4):
        s.shape((i * .25 + .08, .16, i * .25 + .17, .18), trim, radius=.1)
    s.shape((.03, .96, .97, 1), solid((20, 18, 16)))


def cabinets(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, .34, 1), body)
    s.shape((.34, .0, 1, .34), body)
    s.shape((.34, .34, 1, .58), MARBLE)
    s.shape((.34, .6, 1, .95), body)
    s.shape((.34, .58, 1, .61), MARBLE)
    for x in (.17, .5, .67, .84):
        s.shape((x - .002, .6 if x > .3 else 0, x + .002, .95 if x > .3 else 1),
                solid((20, 14, 10)), alpha=150)
    for x in (.14, .2):
        s.shape((x, .45, x + .012, .6), trim, radius=.2)
    s.shape((.34, .32, 1, .345), solid((255, 226, 180)), alpha=160)
    s.shape((.34, .95, 1, 1), solid((20, 18, 16)))


def larder(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body)
    s.shape((.497, 0, .503, .97), solid((20, 14, 10)), alpha=170)
    s.shape((.43, .35, .47, .6), trim, radius=.3)
    s.shape((.53, .35, .57, .6), trim, radius=.3)
    s.shape((0, .97, 1, 1), solid((20, 18, 16)))


def sink(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.485, .1, .515, .35), trim, radius=.3)
    s.shape((.49, .03, .66, .06), trim, radius=.3)
    s.shape((.63, .04, .66, .15), trim, radius=.3)
    s.shape((0, .33, 1, .42), MARBLE)
    s.shape((.05, .42, .95, .96), body)
    s.shape((.497, .42, .503, .96), solid((20, 14, 10)), alpha=150)
    s.shape((0, .96, 1, 1), solid((20, 18, 16)))


def shelving(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), Fill((226, 220, 210), (206, 198, 186)), alpha=80)
    colors = [ENAMEL, Fill((60, 58, 54), (30, 29, 28)), TRAVERTINE, Fill((132, 140, 120),
                                                                         (92, 100, 84))]
    for i, y in enumerate((.3, .62, .94)):
        s.shape((0, y, 1, y + .05), body)
        for j in range(3):
            x = .12 + j * .3 + (i % 2) * .08
            h = .12 + ((i + j) % 3) * .05
            s.shape((x, y - h, x + .12, y), colors[(i + j) % 4], "ellipse" if j % 2 else
                    "rect", radius=.02)


def bar_cabinet(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, .86), body, radius=.01)
    for i in range(1, 16):
        s.shape((i / 16 - .003, .03, i / 16 + .003, .83), solid((20, 14, 10)), alpha=90)
    s.shape((.47, .35, .53, .5), trim, "ellipse")
    for x in (.06, .9):
        s.shape((x, .86, x + .04, 1), trim)


def washer(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.03)
    s.shape((.04, .03, .96, .16), DARK_STEEL, radius=.02)
    _knobs(s, .095, [.8], .055, trim)
    s.shape((.12, .07, .4, .12), solid((14, 14, 16)), radius=.02)
    s.shape((.16, .085, .3, .105), solid((140, 220, 210)), alpha=160)
    s.shape((.15, .26, .85, .95), trim, "ellipse")
    s.shape((.21, .31, .79, .9), Fill((60, 66, 74), (18, 20, 24)), "ellipse")
    s.shape((.27, .36, .73, .85), GLASS, "ellipse", alpha=180)


def care_cabinet(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.02)
    s.shape((.08, .04, .92, .92), Fill((214, 208, 198), (150, 142, 132)), radius=.01)
    s.line([(.12, .14), (.88, .14)], (120, 110, 100), .02)
    for x, c in ((.25, (52, 62, 82)), (.5, (210, 196, 172)), (.74, (30, 30, 32))):
        s.shape((x - .12, .15, x + .12, .7), solid(c), "poly",
                poly=[(x - .05, .15), (x + .05, .15), (x + .13, .22), (x + .11, .72),
                      (x - .11, .72), (x - .13, .22)])
    s.shape((.08, .04, .92, .92), GLASS, radius=.01, alpha=70)
    s.shape((.1, .94, .9, .97), trim, radius=.3)


def pedestal(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, 1), body, radius=.03)
    s.shape((.25, .2, .75, .3), trim, radius=.3)


def sofa(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.02, .08, .98, .62), body, radius=.12)
    s.shape((0, .35, .12, .9), body, radius=.1)
    s.shape((.88, .35, 1, .9), body, radius=.1)
    for x in (.12, .5):
        s.shape((x + .005, .48, x + .375, .72), Fill(shade(body.c1, .05), body.c2,
                                                      texture=body.texture), radius=.12)
    s.shape((.1, .7, .9, .9), body, radius=.06)
    s.shape((.1, .88, .9, .9), solid((0, 0, 0)), alpha=40)
    for x in (.06, .92):
        s.shape((x, .9, x + .025, 1), trim)


def armchair(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.08, 0, .92, .7), body, "ellipse")
    s.shape((0, .3, .22, .86), body, radius=.4)
    s.shape((.78, .3, 1, .86), body, radius=.4)
    s.shape((.16, .52, .84, .84), Fill(shade(body.c1, .06), body.c2, texture=body.texture),
            radius=.3)
    for x in (.14, .82):
        s.shape((x, .84, x + .04, 1), trim)


def coffee_table(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.2, .3, .8, 1), Fill(shade(body.c2, -.1), shade(body.c2, -.3), False))
    s.shape((.2, .86, .8, 1), Fill(shade(body.c2, -.1), shade(body.c2, -.3), False),
            "ellipse")
    s.shape((0, .1, 1, .42), Fill(shade(body.c2, -.1), shade(body.c2, -.25)), "ellipse")
    s.shape((0, 0, 1, .34), body, "ellipse")


def dining_table(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((0, 0, 1, .1), body)
    s.shape((0, .08, 1, .12), Fill(shade(body.c2, -.2), shade(body.c2, -.4)))
    for x in (.1, .82):
        s.shape((x, .12, x + .08, 1), Fill(shade(body.c1, -.1), shade(body.c2, -.2), False,
                                            "wood"))
    s.shape((.1, .6, .9, .64), Fill(shade(body.c1, -.15), shade(body.c2, -.25)))


def dining_chair(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.12, 0, .88, .42), body, radius=.12)
    for i in range(8):
        s.line([(.16, .05 + i * .045), (.84, .05 + i * .045)], shade(body.c2, -.25), .006,
               120)
    s.shape((.05, .46, .95, .56), body, radius=.05)
    for x in (.1, .84):
        s.shape((x, .42, x + .05, 1), trim)


def sideboard(s: Sketch, body: Fill, trim: Fill) -> None:
    s.shape((.66, 0, .8, .3), ALABASTER, "ellipse")
    s.shape((.7, .12, .76, .3), ALABASTER)
    s.shape((.1, .2, .36, .32), ENAMEL, radius=.03)
    s.shape((0, .3, 1, .86), body, radius=.01)
    for i in range(1, 4):
        s.shape((i / 4 - .002, .32, i / 4 + .002, .84), solid((12, 10, 8)), alpha=170)
    for x in (.03, .94):
        s.shape((x, .86, x + .03, 1), trim)


def pendant(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(.5, 0), (.5, .45)], (30, 28, 26), .006)
    s.glow((.5, .9), .45, WARM, 170)
    s.shape((0, 0, 1, 1), body, "poly",
            poly=[(.5 + .5 * math.cos(a) * .9, .86 - .42 * abs(math.sin(a)))
                  for a in [math.pi * i / 40 for i in range(41)]])
    s.shape((.08, .8, .92, .9), solid((255, 236, 200)), "ellipse")


def globe(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(.5, 0), (.5, .3)], (30, 28, 26), .008)
    s.shape((.42, .26, .58, .32), trim, radius=.1)
    s.glow((.5, .64), .5, WARM, 150)
    s.shape((.14, .3, .86, 1), Fill((255, 244, 222), (236, 214, 176)), "ellipse", alpha=235)
    s.glow((.5, .66), .16, (255, 255, 245), 230)


def arc_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    pts = [(.18 + .6 * (1 - math.cos(t / 30 * math.pi / 2 * 1.2)), .95 - .88 * math.sin(
        t / 30 * math.pi * .62)) for t in range(31)]
    s.line(pts, (196, 160, 96), .012)
    ex, ey = pts[-1]
    s.glow((ex, ey + .18), .22, WARM, 180)
    s.shape((ex - .14, ey, ex + .14, ey + .14), trim, "poly",
            poly=[(ex - .02, ey), (ex + .02, ey), (ex + .14, ey + .13), (ex - .14, ey + .13)])
    s.shape((.06, .93, .3, 1), body, "ellipse")


def table_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((.5, .25), .5, WARM, 150)
    s.shape((.12, 0, .88, .42), trim, "poly",
            poly=[(.26, 0), (.74, 0), (.9, .42), (.1, .42)])
    s.shape((.2, .42, .8, 1), body, "ellipse")
    s.glow((.5, .6), .2, (255, 240, 210), 80)


def sconce(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((.5, .3), .5, WARM, 150)
    s.glow((.5, .8), .4, WARM, 110)
    s.shape((.38, .2, .62, .8), trim, radius=.3)
    s.shape((.18, .35, .82, .62), body, "ellipse")
    s.glow((.5, .48), .12, (255, 250, 235), 200)


def chandelier(s: Sketch, body: Fill, trim: Fill) -> None:
    s.line([(.5, 0), (.5, .5)], (40, 36, 30), .006)
    s.shape((.05, .52, .95, .62), trim, "ellipse")
    s.shape((.1, .54, .9, .6), solid((0, 0, 0)), "ellipse", alpha=120)
    for i in range(7):
        x = .1 + i * .8 / 6
        y = .62 + (.08 if i % 2 else 0)
        s.glow((x, y + .12), .11, WARM, 170)
        s.shape((x - .05, y + .04, x + .05, y + .2), Fill((255, 244, 222), (232, 206, 164)),
                "ellipse")


def column_lamp(s: Sketch, body: Fill, trim: Fill) -> None:
    s.glow((.5, .45), .7, WARM, 160)
    s.shape((.26, 0, .74, .82), body, radius=.08)
    s.glow((.5, .4), .2, (255, 240, 214), 90)
    s.shape((.38, .82, .62, .96), trim)
    s.shape((.2, .95, .8, 1), trim, "ellipse")


KINDS: dict[str, Kind] = {
    "oven": Kind(oven, 1.0), "compact_oven": Kind(compact_oven, 1.3),
    "range": Kind(range_cooker, 1.55), "hob": Kind(hob, 1.6), "gas_hob": Kind(gas_hob, 1.6),
    "hood": Kind(hood, 1.1, False, .6), "coffee": Kind(coffee, 1.3, True, .6), "drawer": Kind(drawer, 2.6),
    "fridge": Kind(fridge, .48), "column": Kind(column, .33), "wine": Kind(wine, .36),
    "wine_small": Kind(wine, .72), "fridge_drawers": Kind(fridge, 1.1),
    "ice": Kind(drawer, 1.2), "dishwasher": Kind(dishwasher, .72), "island": Kind(island, 2.3),
    "cabinets": Kind(cabinets, 1.9), "larder": Kind(larder, .55), "sink": Kind(sink, 1.2),
    "shelving": Kind(shelving, 1.3, False), "bar_cabinet": Kind(bar_cabinet, .8),
    "washer": Kind(washer, .72), "care_cabinet": Kind(care_cabinet, .42),
    "pedestal": Kind(pedestal, 2.4), "sofa": Kind(sofa, 2.6), "armchair": Kind(armchair, .95),
    "coffee_table": Kind(coffee_table, 2.1), "dining_table": Kind(dining_table, 2.3),
    "dining_chair": Kind(dining_chair, .55), "sideboard": Kind(sideboard, 2.4),
    "pendant": Kind(pendant, 1.0, False, .6), "globe": Kind(globe, .8, False, .6),
    "arc_lamp": Kind(arc_lamp, .9, True, .6), "table_lamp": Kind(table_lamp, .62, True, .6),
    "sconce": Kind(sconce, .8, False, .6), "chandelier": Kind(chandelier, 1.5, False, .6),
    "column_lamp": Kind(column_lamp, .32, True, 1.2),
}


def render(kind: str, height: int, body: str, trim: str) -> Image.Image:
    """The product drawn ``height`` pixels tall (RGBA)."""
    k = KINDS[kind]
    s = Sketch(max(8, round(height * k.aspect)), height, k.pad)
    k.draw(s, FINISHES[body], FINISHES[trim])
    return s.done()

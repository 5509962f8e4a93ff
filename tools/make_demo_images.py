"""Make every image of the demo pack (data/demo-pack) with Pillow.

    python tools/make_demo_images.py [PACK]

Product heroes on a lit studio backdrop, material close-ups, lookbook rooms whose objects
sit exactly where the lookbook files place their hotspots, and the attract loop. The script
reads the pack's TOML files so text and pictures cannot drift apart; ``RENDER`` says how
each SKU is drawn. Deterministic: the same script gives the same pictures.
"""

from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).parent))

from demo_art import (
    RGB,
    grain,
    light_wash,
    linear,
    radial,
    shade,
    soft_shadow,
    vignette,
    wordmark,
)
from demo_objects import FINISHES, KINDS, render

W, H = 1920, 1280  # product gallery images
SW, SH = 1920, 1080  # scenes and attract
QUALITY = 85

# SKU -> (kind, body finish, trim finish)
RENDER: dict[str, tuple[str, str, str]] = {
    "MV-KI-ISL1": ("island", "smoked_oak", "bronze"),
    "MV-KI-RUN1": ("cabinets", "smoked_oak", "bronze"),
    "MV-KI-TAL1": ("larder", "oak", "brass"),
    "MV-KI-SNK1": ("sink", "walnut", "bronze"),
    "MV-KI-PAN1": ("shelving", "walnut", "brass"),
    "MV-KI-BAR1": ("bar_cabinet", "walnut", "brass"),
    "MV-KI-DW60": ("dishwasher", "steel", "steel"),
    "MV-CO-OV60": ("oven", "steel", "bronze"),
    "MV-CO-OV45": ("compact_oven", "graphite", "steel"),
    "MV-CO-RG90": ("range", "midnight", "brass"),
    "MV-CO-IN80": ("hob", "dark_steel", "steel"),
    "MV-CO-GS90": ("gas_hob", "steel", "bronze"),
    "MV-CO-HD90": ("hood", "steel", "bronze"),
    "MV-CO-CF45": ("coffee", "steel", "bronze"),
    "MV-CO-WD14": ("drawer", "steel", "bronze"),
    "MV-CL-FR75": ("fridge", "steel", "bronze"),
    "MV-CL-CL60": ("column", "steel", "bronze"),
    "MV-CL-FZ60": ("column", "graphite", "steel"),
    "MV-CL-WN60": ("wine", "graphite", "bronze"),
    "MV-CL-WN30": ("wine_small", "graphite", "brass"),
    "MV-CL-DR90": ("fridge_drawers", "steel", "steel"),
    "MV-CL-IC38": ("ice", "steel", "steel"),
    "MV-LA-WM9": ("washer", "enamel", "bronze"),
    "MV-LA-TD9": ("washer", "enamel", "steel"),
    "MV-LA-WD7": ("washer", "graphite", "steel"),
    "MV-LA-CB1": ("care_cabinet", "enamel", "bronze"),
    "MV-LA-PD1": ("pedestal", "enamel", "bronze"),
    "MV-LI-SF3": ("sofa", "boucle", "bronze"),
    "MV-LI-SF2": ("sofa", "cognac", "dark_steel"),
    "MV-LI-AC1": ("armchair", "charcoal_wool", "walnut"),
    "MV-LI-CT1": ("coffee_table", "travertine", "travertine"),
    "MV-LI-DT1": ("dining_table", "oak", "oak"),
    "MV-LI-DC1": ("dining_chair", "linen", "oak"),
    "MV-LI-SB1": ("sideboard", "smoked_oak", "bronze"),
    "MV-LT-PD1": ("pendant", "brass", "brass"),
    "MV-LT-PD2": ("globe", "alabaster", "brass"),
    "MV-LT-FL1": ("arc_lamp", "marble", "brass"),
    "MV-LT-TL1": ("table_lamp", "alabaster", "linen"),
    "MV-LT-WS1": ("sconce", "alabaster", "bronze"),
    "MV-LT-CH1": ("chandelier", "brass", "brass"),
    "MV-LT-FL2": ("column_lamp", "linen", "bronze"),
}

# Studio backdrop per category: (wall top, wall bottom, floor)
BACKDROPS: dict[str, tuple[RGB, RGB, RGB]] = {
    "kitchens": ((226, 218, 206), (186, 174, 158), (150, 136, 118)),
    "cooking": ((70, 66, 64), (38, 36, 36), (28, 26, 26)),
    "cooling": ((206, 212, 216), (160, 168, 174), (122, 128, 134)),
    "laundry": ((214, 218, 206), (170, 176, 162), (136, 140, 128)),
    "living": ((196, 170, 146), (150, 122, 100), (112, 88, 70)),
    "lighting": ((44, 48, 60), (20, 22, 30), (14, 15, 20)),
}

# Room palettes for lookbook scenes: (wall, wall shade, floor near, floor far, light)
ROOMS: dict[str, tuple[RGB, RGB, RGB, RGB, int]] = {
    "morning-kitchen": ((228, 220, 208), (196, 186, 172), (150, 118, 86), (186, 156, 122), 120),
    "evening-living": ((128, 104, 88), (84, 66, 56), (70, 52, 40), (104, 80, 62), 40),
    "dinner-for-twelve": ((58, 72, 64), (34, 44, 38), (64, 46, 34), (94, 70, 52), 30),
    "quiet-laundry": ((220, 224, 214), (186, 192, 180), (168, 160, 148), (198, 192, 182), 110),
}

MATERIAL_OF = {
    "smoked_oak": "smoked_oak",
    "oak": "oak",
    "walnut": "walnut",
    "steel": "steel",
    "graphite": "graphite",
    "midnight": "midnight",
    "dark_steel": "dark_steel",
    "enamel": "enamel",
    "boucle": "boucle",
    "cognac": "cognac",
    "charcoal_wool": "charcoal_wool",
    "travertine": "travertine",
    "linen": "linen",
    "brass": "brass",
    "alabaster": "alabaster",
    "marble": "marble",
}


def save(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Baseline, not progressive: a kiosk reads them from its own disk, where progressive only
    # slows the decode (a full-HD attract picture: 38 ms against 16 ms, Qt's reader).
    img.convert("RGB").save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False)


def place(
    canvas: Image.Image, sku: str, cx: float, cy: float, height: float, shadow: float = 0.5
) -> None:
    """Draw ``sku`` centred on (cx, cy) (fractions), ``height`` a fraction of the canvas."""
    kind, body, trim = RENDER[sku]
    cw, ch = canvas.size
    obj = render(kind, round(height * ch), body, trim)
    x = round(cx * cw - obj.width / 2)
    y = round(cy * ch - obj.height / 2)
    pad = KINDS[kind].pad
    inner_h = obj.height / (1 + 2 * pad)
    if KINDS[kind].grounded and shadow:
        base = round(y + obj.height / 2 + inner_h / 2)
        obj_w = obj.width / (1 + 2 * pad)
        x = round(cx * cw - obj_w / 2)
        ih = round(inner_h)
        spread = obj_w * 0.56
        soft_shadow(
            canvas,
            (round(cx * cw - spread), base - ih // 28, round(cx * cw + spread), base + ih // 14),
            ih / 14,
            shadow,
        )
        soft_shadow(
            canvas,
            (round(x + obj_w / 30), base - 6, round(x + obj_w - obj_w / 30), base + 8),
            6,
            min(1.0, shadow * 1.4),
        )
    canvas.paste(obj, (round(cx * cw - obj.width / 2), y), obj)


def hero(sku: str, category: str) -> Image.Image:
    top, bottom, floor = BACKDROPS[category]
    horizon = 0.74
    img = linear((W, H), top, bottom)
    fl = linear((W, H), shade(floor, 0.08), shade(floor, -0.25))
    sweep = Image.new("L", (W, H), 0)
    ImageDraw.Draw(sweep).rectangle((0, int(H * horizon), W, H), fill=255)
    img.paste(fl, (0, 0), sweep.filter(ImageFilter.GaussianBlur(40)))
    glow = radial((W, H), shade(top, 0.22), top, (0.6, 0.38), 0.55)
    mask = radial((W, H), (150, 150, 150), (0, 0, 0), (0.6, 0.38), 0.6).convert("L")
    img.paste(glow, (0, 0), mask)
    img = img.filter(ImageFilter.GaussianBlur(1))
    kind = RENDER[sku][0]
    grounded = KINDS[kind].grounded
    aspect = KINDS[kind].aspect
    height = min(0.62, 0.62 * 1.6 / max(aspect, 1.0))
    cy = horizon + 0.06 - height / 2 if grounded else 0.42
    place(img, sku, 0.6, cy, height, 0.55)
    img = grain(vignette(img, 0.45), 0.05)
    wordmark(img, (96, 84), 24, (250, 244, 236) if sum(top) < 300 else (60, 52, 44))
    return img


WOVEN = {"boucle", "linen", "charcoal_wool"}
GLAZED = {"enamel", "alabaster"}


def weave(img: Image.Image, finish: str, seed: int) -> Image.Image:
    """Threads you can almost feel: a fine plain weave for linen and wool, and the looped
    pile of boucle, each lit from the top left so the relief reads on a pale ground."""
    relief = Image.new("L", img.size, 128)
    d = ImageDraw.Draw(relief)
    w, h = img.size
    if finish == "boucle":
        step = 18
        for row, y in enumerate(range(-step, h + step, step)):
            for col, x in enumerate(range(-step, w + step, step)):
                jx = ((row * 7919 + col * 104729 + seed) % 13) - 6
                jy = ((row * 104729 + col * 7919 + seed) % 11) - 5
                r = 9 + (row * 31 + col * 17 + seed) % 6
                box = (x + jx - r, y + jy - r, x + jx + r, y + jy + r)
                d.ellipse(box, outline=205, width=3)
                d.arc((box[0] + 2, box[1] + 3, box[2] + 2, box[3] + 3), 20, 200, fill=60, width=2)
    else:
        pitch = 7 if finish == "linen" else 9
        for y in range(0, h, pitch):
            tone = 150 + (y * 37 + seed) % 40
            d.line([(0, y), (w, y)], fill=tone, width=3)
        for x in range(0, w, pitch):
            tone = 96 + (x * 53 + seed) % 36
            d.line([(x, 0), (x, h)], fill=tone, width=2)
        for i in range(160):  # slubs: the short, irregular thick threads of real linen
            y = (i * 7919 + seed * 31) % h // pitch * pitch
            x = (i * 104729 + seed * 17) % w
            length = 60 + (i * 37) % 220
            d.line([(x, y), (x + length, y)], fill=178, width=4)
    relief = relief.filter(ImageFilter.GaussianBlur(1.1))
    lit = ImageChops.overlay(img.convert("RGB"), Image.merge("RGB", [relief] * 3))
    return Image.blend(img.convert("RGB"), lit, 0.85)


def glaze(img: Image.Image) -> Image.Image:
    """A glazed or translucent surface: one long soft reflection and a rounded edge catching
    the light, which is what tells enamel and alabaster from flat paint."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    d.polygon([(w * 0.12, 0), (w * 0.30, 0), (w * 0.62, h), (w * 0.44, h)], fill=150)
    mask = mask.filter(ImageFilter.GaussianBlur(90))
    bright = Image.new("RGB", (w, h), (255, 253, 248))
    img = Image.composite(bright, img.convert("RGB"), mask)
    edge = Image.new("L", (w, h), 0)
    e = ImageDraw.Draw(edge)
    e.rounded_rectangle((w * 0.58, h * 0.18, w * 1.2, h * 1.2), radius=int(h * 0.16), fill=255)
    shadow = edge.filter(ImageFilter.GaussianBlur(26))
    img = Image.composite(
        Image.new("RGB", (w, h), shade(img.getpixel((10, 10)), -0.18)),
        img,
        shadow.point(lambda v: v // 3),
    )
    rim = ImageChops.subtract(
        edge.filter(ImageFilter.GaussianBlur(3)),
        edge.filter(ImageFilter.GaussianBlur(3)).transform(
            (w, h), Image.Transform.AFFINE, (1, 0, 6, 0, 1, 6), fillcolor=255
        ),
    )
    return Image.composite(bright, img, rim.point(lambda v: min(255, v * 3)))


def material(finish: str, seed: int) -> Image.Image:
    """A macro study of the product's main material, lit from the top left."""
    f = FINISHES[finish]
    img = f.render((W, H))
    if finish in WOVEN:
        img = weave(img, finish, seed)
    if finish in GLAZED:
        img = glaze(img)
    if finish in ("marble", "travertine"):
        veins = Image.new("L", (W, H), 0)
        d = ImageDraw.Draw(veins)
        for i in range(9):
            y0 = (seed * 97 + i * 157) % H - H * 0.2
            a1, a2, f1, f2 = 40 + i * 9, 14 + i * 3, 0.0021 + i * 0.0003, 0.011 + i * 0.001
            pts = [
                (x, y0 + x * 0.32 + a1 * math.sin(x * f1 + i) + a2 * math.sin(x * f2 + 2 * i))
                for x in range(-20, W + 20, 12)
            ]
            d.line(pts, fill=150 if i % 3 == 0 else 70, width=4 if i % 3 == 0 else 2)
        veins = veins.filter(ImageFilter.GaussianBlur(2.2))
        img = Image.composite(Image.new("RGB", (W, H), shade(f.c2, -0.35)), img, veins)
    light = radial((W, H), (255, 250, 240), (0, 0, 0), (0.25, 0.2), 1.1)
    img = Image.blend(
        img, Image.composite(img, light, light.convert("L").point(lambda v: 255 - v // 3)), 0.35
    )
    img = vignette(img, 0.55)
    wordmark(img, (96, 84), 24, (250, 244, 236) if sum(f.c1) < 450 else (60, 52, 44))
    return img


def room(lookbook: str, scene_index: int) -> Image.Image:
    wall, wall_dark, floor_near, floor_far, light = ROOMS[lookbook]
    img = Image.new("RGB", (SW, SH))
    hz = int(SH * 0.66)
    img.paste(linear((SW, hz), shade(wall, 0.06), wall_dark), (0, 0))
    floor = linear((SW, SH - hz), floor_far, floor_near)
    d = ImageDraw.Draw(floor)
    vp = SW * (0.5 + (scene_index % 2) * 0.08)
    for i in range(-14, 15):
        d.line(
            [(vp + i * 40, -SH * 0.5), (vp + i * 260, SH - hz)],
            fill=shade(floor_near, -0.12),
            width=2,
        )
    floor = grain(floor, 0.25, "v", 30)
    img.paste(floor, (0, hz))
    # Side walls give the room depth.
    side = Image.new("L", (SW, SH), 0)
    ImageDraw.Draw(side).polygon(
        [(0, 0), (SW * 0.07, 0), (SW * 0.07, hz), (0, hz + SH * 0.1)], fill=120
    )
    ImageDraw.Draw(side).polygon(
        [(SW, 0), (SW * 0.93, 0), (SW * 0.93, hz), (SW, hz + SH * 0.1)], fill=80
    )
    img.paste(Image.new("RGB", (SW, SH), shade(wall_dark, -0.3)), (0, 0), side)
    # Skirting line.
    ImageDraw.Draw(img).rectangle(
        (int(SW * 0.07), hz - 10, int(SW * 0.93), hz), fill=shade(wall_dark, -0.1)
    )
    # A tall window with daylight falling across the floor.
    wx = SW * (0.1 if scene_index % 2 else 0.72)
    ww = SW * 0.16
    win = Image.new("L", (SW, SH), 0)
    ImageDraw.Draw(win).rectangle((wx, SH * 0.08, wx + ww, hz - 14), fill=min(255, light + 110))
    win = win.filter(ImageFilter.GaussianBlur(3))
    img.paste(Image.new("RGB", (SW, SH), (255, 248, 232)), (0, 0), win)
    mullion = ImageDraw.Draw(img)
    mullion.rectangle(
        (wx + ww / 2 - 3, SH * 0.08, wx + ww / 2 + 3, hz - 14), fill=shade(wall_dark, -0.2)
    )
    light_wash(img, [(wx, hz), (wx + ww, hz), (wx + ww * 2.6, SH), (wx - ww * 0.4, SH)], 40, light)
    bloom = Image.new("L", (SW, SH), 0)
    ImageDraw.Draw(bloom).rectangle((wx, SH * 0.08, wx + ww, hz - 14), fill=light)
    img.paste(
        Image.new("RGB", (SW, SH), (255, 244, 226)),
        (0, 0),
        bloom.filter(ImageFilter.GaussianBlur(70)),
    )
    return img


def scene(
    lookbook: str,
    scene_id: str,
    index: int,
    hotspots: list[dict[str, object]],
    sizes: dict[str, float],
) -> Image.Image:
    img = room(lookbook, index)
    for sku, x, y, height in SCENE_DECOR.get(scene_id, []):
        place(img, sku, x, y, height, 0.45)

    # Far (higher) objects first, so nearer ones overlap them.
    def depth(h: dict[str, object]) -> tuple[bool, float]:
        # Hanging lights last (they are in front of the wall); then far to near.
        sku = str(h["sku"])
        return (not KINDS[RENDER[sku][0]].grounded, float(str(h["y"])) + sizes[sku] / 2)

    for h in sorted(hotspots, key=depth):
        sku = str(h["sku"])
        place(img, sku, float(str(h["x"])), float(str(h["y"])), sizes[sku], 0.45)
    return grain(vignette(img, 0.4), 0.04)


# Scene id -> SKU -> drawn height (fraction of the scene). Positions come from the hotspots.
SCENE_SIZES: dict[str, dict[str, float]] = {
    "kitchen-island": {
        "MV-KI-TAL1": 0.62,
        "MV-KI-RUN1": 0.46,
        "MV-KI-ISL1": 0.3,
        "MV-LT-PD1": 0.16,
    },
    "coffee-wall": {"MV-CO-CF45": 0.2, "MV-CO-WD14": 0.09, "MV-CL-WN60": 0.66, "MV-CL-CL60": 0.66},
    "chefs-corner": {
        "MV-CO-RG90": 0.34,
        "MV-CO-HD90": 0.26,
        "MV-KI-PAN1": 0.22,
        "MV-CL-FR75": 0.64,
    },
    "salon": {"MV-LT-FL1": 0.62, "MV-LI-SF3": 0.26, "MV-LI-CT1": 0.12, "MV-LI-AC1": 0.28},
    "reading-corner": {
        "MV-LT-FL2": 0.5,
        "MV-LT-WS1": 0.12,
        "MV-LI-SB1": 0.24,
        "MV-LT-TL1": 0.18,
        "MV-LI-SF2": 0.24,
    },
    "dining": {"MV-LI-DC1": 0.3, "MV-LI-DT1": 0.28, "MV-LT-CH1": 0.22},
    "bar": {"MV-KI-BAR1": 0.42, "MV-CL-WN30": 0.3, "MV-CL-IC38": 0.2, "MV-LT-PD2": 0.2},
    "laundry-room": {"MV-KI-PAN1": 0.24, "MV-LA-WM9": 0.3, "MV-LA-TD9": 0.3, "MV-LA-CB1": 0.62},
    "linen-room": {"MV-LA-WD7": 0.28, "MV-LA-PD1": 0.12, "MV-KI-SNK1": 0.34},
}
# Furniture drawn in a scene without a hotspot: (scene, sku, x, y, height), drawn first.
SCENE_DECOR: dict[str, list[tuple[str, float, float, float]]] = {
    "coffee-wall": [("MV-KI-TAL1", 0.42, 0.37, 0.62)],
    "dining": [("MV-LI-DC1", 0.7, 0.66, 0.3)],
}


def main(pack: Path) -> None:
    products: dict[str, str] = {}
    for path in sorted((pack / "products").glob("*.toml")):
        for p in tomllib.loads(path.read_text(encoding="utf-8"))["products"]:
            products[p["sku"]] = p["category"]
    missing = set(products) - set(RENDER)
    if missing:
        raise SystemExit(f"no RENDER entry for {sorted(missing)}")
    only = set(sys.argv[2:])
    skip_products = "--scenes-only" in only
    for sku, category in products.items():
        if skip_products or (only and sku not in only):
            continue
        stem = sku.lower()
        save(hero(sku, category), pack / f"images/products/{stem}-hero.jpg")
        body = RENDER[sku][1]
        save(
            material(MATERIAL_OF[body], len(sku) * 7 + ord(sku[-1])),
            pack / f"images/products/{stem}-material.jpg",
        )
        print("product", sku, flush=True)
    scenes: dict[str, Image.Image] = {}
    for path in sorted((pack / "lookbooks").glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, sc in enumerate(doc["scenes"]):
            sizes = SCENE_SIZES[sc["id"]]
            img = scene(doc["id"], sc["id"], i, sc.get("hotspots", []), sizes)
            scenes[sc["id"]] = img
            save(img, pack / sc["image"])
            print("scene", sc["id"], flush=True)
    # The attract loop shows scenes as they are: the kiosk lays the wordmark and the pack's
    # tagline over them itself (words baked in were double-exposed in every cross-fade).
    for n, sid in enumerate(["kitchen-island", "salon", "dining", "bar", "laundry-room"], 1):
        if sid in scenes:
            save(scenes[sid], pack / f"attract/{n:02d}-{sid}.jpg")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/demo-pack"))

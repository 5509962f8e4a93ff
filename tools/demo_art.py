"""Drawing primitives for the demo pack's art: gradients, materials, soft shadows, light.

Everything is drawn with Pillow at twice the final size and reduced, which gives clean
anti-aliased edges. Colours are chosen per finish so each product reads as a material
(brushed steel, bronze, smoked oak, bouclé...), not as a grey box.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

RGB = tuple[int, int, int]
SS = 2  # supersampling factor for object drawings

FONT_SERIF = "/usr/share/fonts/opentype/urw-base35/P052-Roman.otf"
FONT_SERIF_IT = "/usr/share/fonts/opentype/urw-base35/P052-Italic.otf"
FONT_SANS = "/usr/share/fonts/opentype/urw-base35/URWGothic-Book.otf"
FONT_CJK = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def shade(c: RGB, f: float) -> RGB:
    """Lighter (f > 0) or darker (f < 0) version of a colour."""
    return mix(c, (255, 255, 255), f) if f > 0 else mix(c, (0, 0, 0), -f)


def linear(
    size: tuple[int, int], c1: RGB, c2: RGB, vertical: bool = True, mid: RGB | None = None
) -> Image.Image:
    """A smooth two- or three-stop gradient, top-to-bottom or left-to-right."""
    ramp = Image.linear_gradient("L")
    if not vertical:
        ramp = ramp.rotate(90, expand=True).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    ramp = ramp.resize((max(1, size[0]), max(1, size[1])), Image.Resampling.BICUBIC)
    if mid is None:
        return ImageOps.colorize(ramp, c1, c2)
    return ImageOps.colorize(ramp, c1, c2, mid)


def radial(
    size: tuple[int, int],
    inner: RGB,
    outer: RGB,
    center: tuple[float, float] = (0.5, 0.5),
    reach: float = 1.0,
) -> Image.Image:
    """A radial gradient: ``inner`` at ``center`` fading to ``outer`` at ``reach`` x width."""
    w, h = size
    r = int(max(w, h) * reach)
    ramp = Image.radial_gradient("L").resize((2 * r, 2 * r), Image.Resampling.BICUBIC)
    cx, cy = int(center[0] * w), int(center[1] * h)
    canvas = Image.new("L", size, 255)
    canvas.paste(ramp, (cx - r, cy - r))
    return ImageOps.colorize(canvas, inner, outer)


def noise(size: tuple[int, int], sigma: float, streak: str = "", seed: int = 0) -> Image.Image:
    """Grain (L, centred on 128). ``streak='h'`` stretches it into brushed-metal lines."""
    random.seed(seed)
    w, h = size
    if streak == "h":
        base = Image.effect_noise((max(2, w // 60), h), sigma)
    elif streak == "v":
        base = Image.effect_noise((w, max(2, h // 60)), sigma)
    else:
        base = Image.effect_noise((max(2, w // 2), max(2, h // 2)), sigma)
    return base.resize(size, Image.Resampling.BILINEAR)


def grain(img: Image.Image, amount: float, streak: str = "", sigma: float = 40) -> Image.Image:
    """Overlay grain on an RGB image (amount 0..1)."""
    n = noise(img.size, sigma, streak).convert("RGB")
    return Image.blend(img, ImageChops.overlay(img, n), amount)


@dataclass(frozen=True)
class Fill:
    """How a surface is painted: gradient stops, direction and texture."""

    c1: RGB
    c2: RGB
    vertical: bool = True
    texture: str = ""  # "", "brushed", "wood", "grain", "glass"
    mid: RGB | None = None

    def render(self, size: tuple[int, int]) -> Image.Image:
        img = linear(size, self.c1, self.c2, self.vertical, self.mid)
        if self.texture == "brushed":
            img = grain(img, 0.55, "h", 60)
        elif self.texture == "wood":
            img = grain(img, 0.7, "v", 90)
        elif self.texture == "grain":
            img = grain(img, 0.35, "", 50)
        elif self.texture == "glass":
            w, h = size
            sheen = Image.new("L", size, 0)
            ImageDraw.Draw(sheen).polygon(
                [(w * 0.15, 0), (w * 0.42, 0), (w * 0.12, h), (-w * 0.15, h)], fill=60
            )
            sheen = sheen.filter(ImageFilter.GaussianBlur(max(1, w // 40)))
            img = Image.composite(Image.new("RGB", size, (255, 255, 255)), img, sheen)
        return img


def solid(c: RGB) -> Fill:
    return Fill(c, c)


class Sketch:
    """An RGBA drawing in a unit box; coordinates are fractions of its width and height."""

    def __init__(self, w: int, h: int, pad: float = 0.0) -> None:
        # ``pad`` leaves transparent room around the box so glows fade out before the edge.
        self.w, self.h = w, h
        self.ox, self.oy = round(w * pad * SS), round(h * pad * SS)
        self.img = Image.new("RGBA", (w * SS + 2 * self.ox, h * SS + 2 * self.oy), (0, 0, 0, 0))

    def _px(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = box
        W, H = self.w * SS, self.h * SS
        return (
            round(x0 * W) + self.ox,
            round(y0 * H) + self.oy,
            round(x1 * W) + self.ox,
            round(y1 * H) + self.oy,
        )

    def _pt(self, x: float, y: float) -> tuple[float, float]:
        return x * self.w * SS + self.ox, y * self.h * SS + self.oy

    def shape(
        self,
        box: tuple[float, float, float, float],
        fill: Fill | RGB,
        kind: str = "rect",
        radius: float = 0.0,
        alpha: int = 255,
        poly: list[tuple[float, float]] | None = None,
    ) -> None:
        """Paint a rectangle, rounded rectangle, ellipse or polygon with a fill."""
        x0, y0, x1, y1 = self._px(box)
        if x1 <= x0 or y1 <= y0:
            return
        mask = Image.new("L", self.img.size, 0)
        d = ImageDraw.Draw(mask)
        if kind == "ellipse":
            d.ellipse((x0, y0, x1, y1), fill=alpha)
        elif kind == "poly" and poly is not None:
            d.polygon([self._pt(x, y) for x, y in poly], fill=alpha)
        else:
            r = radius * min(self.w, self.h) * SS
            d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=r, fill=alpha)
        f = fill if isinstance(fill, Fill) else solid(fill)
        layer = Image.new("RGB", self.img.size)
        layer.paste(f.render((x1 - x0, y1 - y0)), (x0, y0))
        rgba = layer.convert("RGBA")
        rgba.putalpha(mask)
        self.img.alpha_composite(rgba)

    def line(
        self, points: list[tuple[float, float]], color: RGB, width: float, alpha: int = 255
    ) -> None:
        layer = Image.new("RGBA", self.img.size, (0, 0, 0, 0))
        ImageDraw.Draw(layer).line(
            [self._pt(x, y) for x, y in points],
            fill=(*color, alpha),
            width=max(1, round(width * self.w * SS)),
            joint="curve",
        )
        self.img.alpha_composite(layer)

    def glow(
        self, center: tuple[float, float], radius: float, color: RGB, strength: int = 200
    ) -> None:
        """A soft light source (lamps): a blurred disc added over the drawing."""
        r = radius * self.w * SS
        mask = Image.new("L", self.img.size, 0)
        cx, cy = self._pt(*center)
        ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=strength)
        mask = mask.filter(ImageFilter.GaussianBlur(r * 0.6))
        layer = Image.new("RGBA", self.img.size, (*color, 0))
        layer.putalpha(mask)
        self.img.alpha_composite(layer)

    def done(self) -> Image.Image:
        size = (round(self.img.width / SS), round(self.img.height / SS))
        return self.img.resize(size, Image.Resampling.LANCZOS)


def soft_shadow(
    canvas: Image.Image,
    box: tuple[int, int, int, int],
    blur: float,
    opacity: float,
    color: RGB = (10, 8, 6),
) -> None:
    """Darken an elliptical soft area of an RGB canvas (objects resting on a floor)."""
    mask = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=round(255 * opacity))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    canvas.paste(Image.new("RGB", canvas.size, color), (0, 0), mask)


def light_wash(
    canvas: Image.Image,
    poly: list[tuple[float, float]],
    blur: float,
    strength: int,
    color: RGB = (255, 240, 215),
) -> None:
    """A shaft or pool of light (window light on a floor), added softly."""
    mask = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).polygon(poly, fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    canvas.paste(Image.new("RGB", canvas.size, color), (0, 0), mask)


def vignette(canvas: Image.Image, strength: float = 0.35) -> Image.Image:
    w, h = canvas.size
    ramp = Image.radial_gradient("L").resize((int(w * 1.5), int(h * 1.5)))
    ramp = ramp.crop((int(w * 0.25), int(h * 0.25), int(w * 0.25) + w, int(h * 0.25) + h))
    mask = ramp.point(lambda v: int(min(255, max(0, (v - 120) * 2)) * strength))
    dark = Image.new("RGB", canvas.size, (8, 6, 5))
    return Image.composite(dark, canvas, mask)


def spaced(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    fnt: ImageFont.FreeTypeFont,
    fill: tuple[int, ...],
    tracking: float,
) -> None:
    """Letter-spaced caps, as a brand wordmark is set."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill)
        x += fnt.getlength(ch) + tracking


def wordmark(
    canvas: Image.Image,
    xy: tuple[int, int],
    size: int = 26,
    color: RGB = (245, 238, 228),
    alpha: int = 220,
) -> None:
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    spaced(d, xy, "MAISON VELLE", font(FONT_SANS, size), (*color, alpha), size * 0.45)
    base = canvas.convert("RGBA")
    base.alpha_composite(layer)
    canvas.paste(base.convert("RGB"))

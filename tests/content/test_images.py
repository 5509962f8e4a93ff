"""Bad and awkward images: each gives an ImageError naming the file, or a correct rendition."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from kiosk.content.errors import ImageError
from kiosk.content.images import RenditionCache, decode, probe


@pytest.fixture
def cache(tmp_path: Path) -> RenditionCache:
    return RenditionCache(tmp_path / "renditions")


def test_truncated_jpeg(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "cut.jpg"
    buf = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageError) as caught:
        cache.rendition(path, "thumb")
    assert caught.value.file == str(path)
    assert "truncated" in caught.value.reason


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width`` x ``height`` with a tiny (invalid) body."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = b"IDAT" + zlib.compress(b"\0" * 64)
    body += struct.pack(">I", len(idat) - 4) + idat + struct.pack(">I", zlib.crc32(idat))
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.mark.parametrize("size", [(100_000, 100_000), (9_000, 9_000)])
def test_decompression_bomb(tmp_path: Path, cache: RenditionCache, size: tuple[int, int]) -> None:
    """Refused from the header alone: Pillow's own limit (first) and ours (second)."""
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(*size))
    with pytest.raises(ImageError) as caught:
        cache.rendition(path, "screen")
    assert caught.value.file == str(path)
    assert "decompression bomb" in caught.value.reason
    with pytest.raises(ImageError):
        probe(path)


def test_not_an_image(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("these are not pixels", encoding="utf-8")
    with pytest.raises(ImageError) as caught:
        cache.rendition(path, "thumb")
    assert str(caught.value) == f"{path}: not an image Pillow can read"


def test_missing_file(tmp_path: Path, cache: RenditionCache) -> None:
    with pytest.raises(ImageError, match=r"cannot be read|missing"):
        cache.rendition(tmp_path / "nope.jpg", "thumb")


def test_huge_photo_is_decoded_through_draft(tmp_path: Path, cache: RenditionCache) -> None:
    """12000x8000 (over Pillow's warning threshold) must work, decoded at reduced scale."""
    path = tmp_path / "huge.jpg"
    # A flat image compresses to almost nothing, so the file is quick to write and read.
    Image.new("RGB", (12000, 8000), (120, 90, 60)).save(path, "JPEG", quality=50)
    out = cache.rendition(path, "screen")
    with Image.open(out) as im:
        assert im.size == (1920, 1280)
        assert im.format == "JPEG"
    assert cache.rendition(path, "screen") == out  # cached: same file, no work
    with pytest.warns(Image.DecompressionBombWarning):  # Pillow warns at this size
        src = Image.open(path)
    with src:  # and draft really reduces the decode
        src.draft("RGB", (1920, 1280))
        assert src.size == (3000, 2000)


def test_exif_orientation_is_respected(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "rotated.jpg"
    im = Image.new("RGB", (600, 300), (255, 0, 0))
    im.paste((0, 0, 255), (0, 0, 300, 300))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to view
    im.save(path, "JPEG", exif=exif, quality=95)
    with Image.open(cache.rendition(path, "thumb")) as out:
        assert out.size == (256, 512)
        top = out.getpixel((128, 20))
        assert isinstance(top, tuple)
        assert top[2] > 200  # the blue half is on top once upright


def test_cmyk_jpeg_with_icc_becomes_srgb(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(path, "JPEG", quality=95)
    with Image.open(cache.rendition(path, "thumb")) as out:
        assert out.mode == "RGB"
        r, g, b = out.getpixel((200, 150))  # type: ignore[misc]
        assert r > 200
        assert g < 60
        assert b < 60


def test_icc_profile_is_converted(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "lab-profiled.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    Image.new("RGB", (300, 200), (10, 200, 30)).save(
        path, "JPEG", icc_profile=profile.tobytes(), quality=95
    )
    with Image.open(cache.rendition(path, "thumb")) as out:
        assert out.mode == "RGB"
        r, g, _ = out.getpixel((150, 100))  # type: ignore[misc]
        assert g > 180
        assert r < 40


def test_png_alpha_is_kept(tmp_path: Path, cache: RenditionCache) -> None:
    path = tmp_path / "cutout.png"
    im = Image.new("RGBA", (1000, 1000), (0, 0, 0, 0))
    im.paste((200, 150, 100, 255), (250, 250, 750, 750))
    im.save(path)
    out = cache.rendition(path, "thumb")
    assert out.suffix == ".png"
    with Image.open(out) as result:
        assert result.mode == "RGBA"
        assert result.size == (512, 512)
        assert result.getpixel((5, 5))[3] == 0  # type: ignore[index]
        assert result.getpixel((256, 256))[3] == 255  # type: ignore[index]


def test_small_image_is_never_enlarged(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    Image.new("RGB", (300, 200), "white").save(path)
    assert decode(path, 1920).size == (300, 200)


def test_renditions_are_keyed_by_content(tmp_path: Path, cache: RenditionCache) -> None:
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    Image.new("RGB", (800, 600), (1, 2, 3)).save(a)
    b.write_bytes(a.read_bytes())
    assert cache.rendition(a, "thumb") == cache.rendition(b, "thumb")
    with pytest.raises(ValueError, match="unknown size class"):
        cache.rendition(a, "poster")


def _rendition_pixel(cache: RenditionCache, path: Path) -> tuple[int, ...]:
    out = cache.rendition(path, "thumb")
    with Image.open(out) as im:
        im.load()
        return tuple(im.getpixel((im.width // 2, im.height // 2)))  # type: ignore[arg-type]


def _near(found: tuple[int, ...], wanted: tuple[int, ...], tolerance: int = 6) -> bool:
    return len(found) == len(wanted) and all(
        abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True)
    )


def test_sixteen_bit_grayscale_png_keeps_its_tones(tmp_path: Path, cache: RenditionCache) -> None:
    """Pillow's own conversion clips 16-bit values at 255: the picture came out pure white."""
    path = tmp_path / "grey16.png"
    Image.new("I;16", (640, 480), 0x4040).save(path)  # a quarter grey, as 16-bit
    with Image.open(path) as im:
        assert im.mode.startswith("I")
    assert _near(_rendition_pixel(cache, path), (64, 64, 64))


@pytest.mark.parametrize(
    ("mode", "colour", "wanted"),
    [
        ("LA", (100, 128), (100, 100, 100, 128)),  # grey with alpha stays translucent
        ("CMYK", (0, 255, 255, 0), (255, 0, 0)),  # CMYK red
        ("P", None, (200, 30, 40)),  # a palette image
        ("L", 90, (90, 90, 90)),
    ],
)
def test_unusual_modes_render_their_real_colours(
    tmp_path: Path,
    cache: RenditionCache,
    mode: str,
    colour: tuple[int, ...] | int | None,
    wanted: tuple[int, ...],
) -> None:
    if mode == "P":
        image = Image.new("RGB", (640, 480), wanted).convert("P")
        path = tmp_path / "palette.png"
    else:
        image = Image.new(mode, (640, 480), colour)
        path = tmp_path / ("cmyk.jpg" if mode == "CMYK" else f"{mode}.png")
    image.save(path, quality=95) if mode == "CMYK" else image.save(path)
    assert _near(_rendition_pixel(cache, path), wanted, tolerance=12)


def test_colour_key_transparency_is_kept(tmp_path: Path, cache: RenditionCache) -> None:
    """An RGB PNG whose tRNS chunk makes one colour transparent (no alpha channel)."""
    path = tmp_path / "keyed.png"
    Image.new("RGB", (640, 480), (0, 255, 0)).save(path, transparency=(0, 255, 0))
    assert _rendition_pixel(cache, path)[3] == 0


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP", "TIFF"])
def test_only_jpeg_and_png_are_accepted(tmp_path: Path, fmt: str) -> None:
    """The format says JPEG or PNG; anything else is refused, naming what the file is."""
    from kiosk.content.validate import validate
    from tests.content.conftest import write_mini_pack

    pack = write_mini_pack(tmp_path / "pack")
    rel = f"images/picture.{fmt.lower()}"
    Image.new("RGB", (1920, 1280), (10, 20, 30)).save(pack.root / rel, fmt)
    pack.edit("products/cooking.toml", '"images/p1.jpg"', f'"{rel}"')
    report = validate(pack.root)
    assert [str(i) for i in report.errors] == [
        f"error: products/cooking.toml: products[0].gallery[0]: image {rel} is not usable: "
        f"is a {fmt} image; a pack's images must be JPEG or PNG"
    ]


def test_an_empty_cached_rendition_is_rebuilt(tmp_path: Path, cache: RenditionCache) -> None:
    """A power cut can leave a rendition's name with no data; it must not stay in service."""
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), (120, 90, 60)).save(path)
    made = cache.rendition(path, "thumb")
    made.write_bytes(b"")
    again = cache.rendition(path, "thumb")
    with Image.open(again) as im:
        assert im.size == (512, 384)


def test_jpeg_renditions_are_baseline_for_a_fast_decode(
    tmp_path: Path, cache: RenditionCache
) -> None:
    """A kiosk reads its renditions from its own disk: a progressive JPEG would only take
    about twice as long to decode (tests/bench: 38 ms against 16 ms for a full-HD picture)."""
    source = tmp_path / "photo.jpg"
    Image.new("RGB", (1600, 1200), (120, 90, 60)).save(source, "JPEG", progressive=True)
    for size_class in ("thumb", "screen"):
        with Image.open(cache.rendition(source, size_class)) as out:
            assert out.format == "JPEG"
            assert not out.info.get("progressive")


def test_the_demo_pack_attract_pictures_are_baseline() -> None:
    """They are decoded as they are, every start, for the attract screen's first picture."""
    pictures = sorted((Path(__file__).parents[2] / "data" / "demo-pack" / "attract").glob("*.jpg"))
    assert pictures
    for picture in pictures:
        with Image.open(picture) as image:
            assert not image.info.get("progressive"), picture.name

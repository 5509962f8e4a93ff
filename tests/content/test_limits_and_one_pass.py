"""Every error in one pass, and texts and lists no larger than a screen can lay out."""

from __future__ import annotations

import pytest

from kiosk.content.limits import MAX_DOCUMENT_BYTES, TEXT_LIMITS
from kiosk.content.validate import validate
from tests.content.conftest import MiniPack


def errors(mini: MiniPack) -> list[tuple[str, str]]:
    report = validate(mini.root)
    assert report.pack is None
    return [(i.file, i.path) for i in report.errors]


def break_the_other_files(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", "quietness = 0.8", "quietness = 1.8")
    mini.edit("lookbooks/home.toml", 'sku = "OV-1"', 'sku = "OV-9"')
    mini.edit("questionnaire.toml", 'kind = "single"', 'kind = "several"')


OTHER_ERRORS = [
    ("products/cooking.toml", "products[0].attributes.quietness"),
    ("lookbooks/home.toml", "scenes[0].hotspots[0].sku"),
    ("questionnaire.toml", "questions[0].kind"),
]


@pytest.mark.parametrize(
    ("old", "new", "pack_error"),
    [
        ('version = "1"', 'version = "1', ""),  # a TOML syntax error
        ('default_language = "en"', 'default_language = "fr"', "pack.default_language"),
        ('languages = ["en", "zh-Hans"]', "languages = []", "pack.languages"),
        ("[pack]", "[pak]", "pack"),
    ],
)
def test_an_error_in_pack_toml_hides_no_other_file_s_errors(
    mini: MiniPack, old: str, new: str, pack_error: str
) -> None:
    mini.edit("pack.toml", old, new)
    break_the_other_files(mini)
    found = errors(mini)
    assert found[0] == ("pack.toml", pack_error)
    assert found[1:] == OTHER_ERRORS


def test_an_unreadable_pack_toml_does_not_cascade(mini: MiniPack) -> None:
    """Its categories and attributes are unknown, so products naming them are not blamed."""
    (mini.root / "pack.toml").unlink()
    assert errors(mini) == [("pack.toml", "")]


@pytest.mark.parametrize(
    ("file", "old", "field", "path"),
    [
        ("products/cooking.toml", 'en = "A quiet oven."', "summary", "products[0].summary.en"),
        ("products/cooking.toml", 'en = "Oven"', "name", "products[0].name.en"),
        (
            "products/cooking.toml",
            'en = "Brushed by hand."',
            "body",
            "products[0].chapters[0].body.en",
        ),
        ("lookbooks/home.toml", 'en = "Morning light"', "caption", "scenes[0].caption.en"),
        ("pack.toml", 'en = "Made well"', "tagline", "pack.tagline.en"),
        ("questionnaire.toml", 'en = "Just me"', "label", "questions[0].options[0].label.en"),
    ],
)
def test_an_overlong_text_is_refused_naming_file_and_place(
    mini: MiniPack, file: str, old: str, field: str, path: str
) -> None:
    limit = TEXT_LIMITS[field]
    mini.edit(file, old, f'en = "{"x" * (limit + 1)}"')
    report = validate(mini.root)
    assert [str(i) for i in report.errors] == [
        f"error: {file}: {path}: is {limit + 1:,} characters long; "
        f"at most {limit:,} are allowed here"
    ]


def test_texts_at_the_limit_are_accepted(mini: MiniPack) -> None:
    summary = TEXT_LIMITS["summary"]
    mini.edit("products/cooking.toml", 'en = "A quiet oven."', f'en = "{"x" * summary}"')
    assert validate(mini.root).ok


def test_the_fifty_megabyte_summary(mini: MiniPack) -> None:
    """The report's case: refused before parsing, so validation itself stays quick."""
    mini.edit("products/cooking.toml", 'en = "A quiet oven."', f'en = "{"x" * 50_000_000}"')
    report = validate(mini.root)
    assert [str(i) for i in report.errors] == [
        f"error: products/cooking.toml: is 47.7 MB; a pack document may be at most "
        f"{MAX_DOCUMENT_BYTES // 2**20} MB (split products over several files)"
    ]


def test_an_endless_list_is_refused(mini: MiniPack) -> None:
    gallery = ", ".join(['"images/p1.jpg"'] * 25)
    mini.edit("products/cooking.toml", 'gallery = ["images/p1.jpg"]', f"gallery = [{gallery}]")
    report = validate(mini.root)
    assert [str(i) for i in report.errors] == [
        "error: products/cooking.toml: products[0].gallery: has 25 entries; "
        "at most 24 are allowed here"
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            'gallery = ["images/p1.jpg"]',
            'gallery = ["images/p\\u0000.jpg"]',
            "products[0].gallery[0]",
            "'images/p\\x00.jpg' contains a control character; it cannot be a file name",
        ),
        (
            'gallery = ["images/p1.jpg"]',
            f'gallery = ["{"x" * 5000}.jpg"]',
            "products[0].gallery[0]",
            "must be an image path of 1 to 300 characters",
        ),
        ("quietness = 0.8", "quietness = nan", "products[0].attributes.quietness", None),
        ("quietness = 0.8", f"quietness = 0x{'f' * 300}", "products[0].attributes.quietness", None),
        ("quietness = 0.8", f"quietness = {'9' * 5000}", "", None),
        ("quietness = 0.8", f"quietness = {'[' * 2000}{']' * 2000}", "", None),
    ],
)
def test_hostile_values_are_reported_not_raised(
    mini: MiniPack, old: str, new: str, path: str, message: str | None
) -> None:
    """Each of these once made validation raise (a NUL or over-long path, a 5,000-digit
    integer, deep nesting) or pass a NaN score; each is now one error naming its place."""
    mini.edit("products/cooking.toml", old, new)
    found = validate(mini.root).errors
    assert [(i.file, i.path) for i in found] == [("products/cooking.toml", path)]
    if message is not None:
        assert found[0].message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Brushed.\\n\\n" * 41, "has 41 paragraphs; at most 40 are allowed here"),
        ("Brushed\\u0007 by hand.", "contains U+0007, a control, private-use or unassigned"),
        ("Brushed \\ue000 by hand.", "contains U+E000, a control, private-use or unassigned"),
        ("Brushed \\u0378 by hand.", "contains U+0378, a control, private-use or unassigned"),
        ("Brushed \\U0001F469\\u200D\\U0001F467", "contains U+1F469, an emoji or pictograph"),
    ],
)
def test_a_text_no_screen_can_lay_out_quickly_is_refused(
    mini: MiniPack, text: str, message: str
) -> None:
    mini.edit("products/cooking.toml", 'en = "Brushed by hand."', f'en = "{text}"')
    found = validate(mini.root).errors
    assert [(i.path, i.message[: len(message)]) for i in found] == [
        ("products[0].chapters[0].body.en", message)
    ]


def test_ordinary_typography_is_accepted(mini: MiniPack) -> None:
    text = "Maison Velle™ — l’été à Lyon: 60 cm × 90 cm, ±2 °C.\\n\\n单向手工拉丝。\\tÉmaillé ©"
    mini.edit("products/cooking.toml", 'en = "Brushed by hand."', f'en = "{text}"')
    assert validate(mini.root).ok


def test_an_empty_text_is_still_reported_when_pack_toml_is_broken(mini: MiniPack) -> None:
    mini.edit("pack.toml", 'version = "1"', 'version = "1')
    mini.edit("products/cooking.toml", 'name = { en = "Oven", "zh-Hans" = "烤箱" }', "name = {}")
    assert errors(mini) == [("pack.toml", ""), ("products/cooking.toml", "products[0].name")]

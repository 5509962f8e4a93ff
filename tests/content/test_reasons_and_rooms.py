"""A questionnaire's ``[[reasons]]`` and room ``categories``: accepted when they refer to what
exists, refused naming the file and the place when they do not (a reason that names an answer
nobody can give would never be shown, silently)."""

from __future__ import annotations

import pytest

from kiosk.content.validate import validate
from tests.content.conftest import MiniPack

REASON = """
[[reasons]]
answer = "household.family"
attribute = "capacity"
text = { en = "room enough for the whole family", "zh-Hans" = "容量足够全家使用" }
"""


def errors(mini: MiniPack) -> list[tuple[str, str, str]]:
    report = validate(mini.root)
    assert report.pack is None
    return [(i.file, i.path, i.message) for i in report.errors]


def add(mini: MiniPack, text: str) -> None:
    path = mini.root / "questionnaire.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_reason_and_a_room_are_read_into_the_pack(mini: MiniPack) -> None:
    mini.edit(
        "questionnaire.toml",
        "weights = { capacity = 1.0 }",
        'weights = { capacity = 1.0 }\ncategories = ["cooking"]',
    )
    add(mini, REASON)
    report = validate(mini.root)
    assert report.ok, [str(i) for i in report.issues]
    assert report.pack is not None
    (reason,) = report.pack.reasons
    assert reason.key == ("household", "family", "capacity")
    assert reason.text.get("zh-Hans") == "容量足够全家使用"
    assert report.pack.questions[0].options[1].categories == ("cooking",)


@pytest.mark.parametrize(
    ("answer", "place"),
    [
        ("household.famly", "household.famly"),
        ("rooms.family", "rooms.family"),
        ("family", "family"),
    ],
)
def test_a_reason_for_an_unknown_answer_is_refused(mini: MiniPack, answer: str, place: str) -> None:
    add(mini, REASON.replace('"household.family"', f'"{answer}"'))
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "reasons[0].answer",
            f"unknown answer {place!r} (write it as question.option, both declared in this file)",
        )
    ]


def test_a_reason_for_an_attribute_the_answer_does_not_ask_for_is_refused(
    mini: MiniPack,
) -> None:
    add(mini, REASON.replace('"capacity"', '"quietness"'))
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "reasons[0].attribute",
            "answer 'household.family' does not ask for 'quietness' "
            "(it is not among its positive weights)",
        )
    ]
    mini.edit("questionnaire.toml", 'attribute = "quietness"', 'attribute = "warmth"')
    assert errors(mini)[0][1:] == (
        "reasons[0].attribute",
        "unknown attribute 'warmth' (not declared in pack.toml)",
    )


def test_a_room_reason_needs_a_room_and_a_room_a_declared_category(mini: MiniPack) -> None:
    add(mini, REASON.replace('attribute = "capacity"\n', ""))
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "reasons[0].attribute",
            "is required: answer 'household.family' names no categories to speak for",
        )
    ]
    mini.edit(
        "questionnaire.toml",
        "weights = { capacity = 1.0 }",
        'weights = { capacity = 1.0 }\ncategories = ["laundry"]',
    )
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "questions[0].options[1].categories[0]",
            "unknown category 'laundry'",
        )
    ]


def test_a_second_reason_for_the_same_answer_and_attribute_is_refused(mini: MiniPack) -> None:
    add(mini, REASON + REASON)
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "reasons[1]",
            "a second reason for 'household.family' and 'capacity'",
        )
    ]


def test_a_reason_without_default_language_text_is_refused(mini: MiniPack) -> None:
    add(mini, REASON.replace('en = "room enough for the whole family", ', ""))
    assert errors(mini) == [
        (
            "questionnaire.toml",
            "reasons[0].text.en",
            "text in the default language 'en' is missing",
        )
    ]

"""The content tools' pack editing: the author's layout survives, and a save is all or none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content.errors import ContentError
from kiosk.content.toml_edit import PackEdit, get_text, set_text
from kiosk.content.validate import validate

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-pack"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(DEMO, folder)
    return folder


def test_an_untouched_pack_is_written_back_byte_for_byte(pack: Path) -> None:
    edit = PackEdit(pack)
    for path in sorted(pack.rglob("*.toml")):
        edit.doc(path.relative_to(pack).as_posix())
    assert edit.changed() == []
    assert edit.save() == []


def test_one_language_changes_and_the_rest_of_the_file_stays_as_written(pack: Path) -> None:
    rel = "products/cooking.toml"
    before = (pack / rel).read_text(encoding="utf-8")
    edit = PackEdit(pack)
    oven = edit.doc(rel)["products"][0]
    assert set_text(oven, "name", "zh-Hans", "Atelier 60 自洁烤箱")
    assert not set_text(oven, "name", "en", "Atelier 60 Pyrolytic Oven")  # already so
    assert edit.save() == [rel]
    after = (pack / rel).read_text(encoding="utf-8")
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    changed = [(a, b) for a, b in lines if a != b]
    assert len(changed) == 1, changed  # the one line, in its inline-table layout
    assert '"zh-Hans" = "Atelier 60 自洁烤箱"' in changed[0][1]
    assert 'en = "Atelier 60 Pyrolytic Oven"' in changed[0][1]
    assert get_text(PackEdit(pack).doc(rel)["products"][0]["name"], "zh-Hans") == (
        "Atelier 60 自洁烤箱"
    )


def test_a_plain_text_becomes_a_table_only_when_a_language_differs() -> None:
    spec: dict[str, object] = {"value": "76 L"}
    assert set_text(spec, "value", "en", "77 L")
    assert spec["value"] == "77 L"  # still every language's
    assert set_text(spec, "value", "zh-Hans", "77 升")
    assert dict(spec["value"]) == {"en": "77 L", "zh-Hans": "77 升"}  # type: ignore[call-overload]
    assert get_text("76 L", "zh-Hans") == "76 L"
    assert get_text({"en": "a"}, "zh-Hans") is None


def test_a_save_that_cannot_finish_leaves_every_file_as_it_was(pack: Path) -> None:
    edit = PackEdit(pack)
    set_text(edit.doc("pack.toml"), "brand", "en", "Changed")
    edit.doc("lookbooks/new.toml")["title"] = "x"
    (pack / "lookbooks" / ".new.toml.saving").mkdir()  # the temporary name cannot be a file
    with pytest.raises(ContentError, match="left unchanged"):
        edit.save()
    assert "Changed" not in (pack / "pack.toml").read_text(encoding="utf-8")
    assert not (pack / ".pack.toml.saving").exists()
    assert not (pack / "lookbooks" / "new.toml").exists()


def test_an_unreadable_file_is_named(pack: Path) -> None:
    (pack / "products" / "broken.toml").write_bytes(b"name = \xff\xfe")
    with pytest.raises(ContentError, match=r"products/broken\.toml"):
        PackEdit(pack).doc("products/broken.toml")


def test_the_demo_pack_still_validates_after_an_edit(pack: Path) -> None:
    edit = PackEdit(pack)
    set_text(edit.doc("questionnaire.toml")["questions"][0], "prompt", "zh-Hans", "您好？")
    edit.save()
    report = validate(pack)
    assert report.ok, report.errors

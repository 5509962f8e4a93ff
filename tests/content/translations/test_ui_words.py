"""The kiosk's own words (assets/i18n) through the same PO round trip, plural forms too."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.content.translations.conftest import REPO, msgfmt_check, run


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def export(words: Path, target: Path, language: str = "zh-Hans") -> polib.POFile:
    code, _, err = run(
        "export-translations", "--ui", "--to", language, "--words", str(words), "--out", str(target)
    )
    assert code == 0, err
    return polib.pofile(str(target))


def entry(catalog: polib.POFile, key: str) -> polib.POEntry:
    return next(e for e in catalog if e.msgctxt == key)


def test_an_untouched_round_trip_changes_no_byte(words: Path, tmp_path: Path) -> None:
    export(words, tmp_path / "ui.po")
    code, out, err = run(
        "import-translations", "--ui", str(tmp_path / "ui.po"), "--words", str(words)
    )
    assert code == 0, err
    assert "zh-Hans: 0 translation(s) applied;" in out
    assert files(words) == files(REPO / "assets" / "i18n")


def test_plural_words_are_exported_with_the_languages_forms(words: Path, tmp_path: Path) -> None:
    catalog = export(words, tmp_path / "ui.po")
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    days = entry(catalog, "associate.home.age.d")
    assert (days.msgid, days.msgid_plural) == ("{n} day", "{n} days")
    assert days.msgstr_plural == {0: "{n} 天"}
    assert "python-brace-format" in days.flags
    french = export(words, tmp_path / "fr.po", "fr")
    days = entry(french, "associate.home.age.d")
    assert french.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert days.msgstr_plural == {0: "", 1: "", 2: ""}
    msgfmt_check(tmp_path / "ui.po")


def test_edited_words_land_in_their_files_in_their_layout(words: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "ui.po"
    catalog = export(words, po_file)
    entry(catalog, "associate.home.age.d").msgstr_plural = {0: "{n} 日"}
    entry(catalog, "attract.touch").msgstr = "请轻触开始"
    entry(catalog, "handoff.more").msgstr = "另外 {count} 件"
    catalog.save(str(po_file))
    before = files(words)

    code, out, err = run("import-translations", "--ui", str(po_file), "--words", str(words))

    assert code == 0, err
    assert "zh-Hans: 3 translation(s) applied in associate.json, handoff.json, ui.json" in out
    associate = json.loads((words / "associate.json").read_text(encoding="utf-8"))
    assert associate["associate.home.age.d"] == {
        "en": {"one": "{n} day", "other": "{n} days"},
        "zh-Hans": {"other": "{n} 日"},
    }
    changed = [name for name, data in files(words).items() if data != before[name]]
    assert changed == ["associate.json", "handoff.json", "ui.json"]
    # Only the edited lines differ; the one-line-per-entry file stays so.
    old = before["handoff.json"].decode().splitlines()
    new = (words / "handoff.json").read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (
            '  "handoff.more": {"en": "and {count} more", "zh-Hans": "另有 {count} 件"},',
            '  "handoff.more": {"en": "and {count} more", "zh-Hans": "另外 {count} 件"},',
        )
    ]
    old = before["associate.json"].decode().splitlines()
    new = (words / "associate.json").read_text(encoding="utf-8").splitlines()
    assert [b for a, b in zip(old, new, strict=True) if a != b] == ['      "other": "{n} 日"']


def test_a_word_whose_english_changed_since_the_export_is_refused(
    words: Path, tmp_path: Path
) -> None:
    po_file = tmp_path / "ui.po"
    catalog = export(words, po_file)
    entry(catalog, "attract.touch").msgstr = "请轻触开始"
    catalog.save(str(po_file))
    ui = words / "ui.json"
    ui.write_text(ui.read_text(encoding="utf-8").replace("Touch to begin", "Touch to start"))

    code, out, _ = run("import-translations", "--ui", str(po_file), "--words", str(words))

    assert code == 1
    assert "refused attract.touch: its source text changed since the export" in out
    assert "exported: 'Touch to begin'" in out
    assert "now:      'Touch to start'" in out
    assert json.loads(ui.read_text(encoding="utf-8"))["attract.touch"]["zh-Hans"] == "轻触开始"


def _unknown_value(catalog: polib.POFile) -> None:
    entry(catalog, "associate.home.age.d").msgstr_plural = {0: "{count} 天"}
    entry(catalog, "attract.touch").msgstr = "请轻触开始"  # a good one: must not land either


def _stray_brace(catalog: polib.POFile) -> None:
    entry(catalog, "handoff.more").msgstr = "另有 {count 件"


def _french(catalog: polib.POFile) -> None:
    catalog.metadata["Language"] = "fr"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            _unknown_value,
            "its translations would break the kiosk's words, so nothing was changed: "
            "associate.home.age.d (zh-Hans): uses {count}, which the kiosk does not give",
        ),
        (_stray_brace, "handoff.more (zh-Hans): expected '}' before end of string"),
        (_french, "is in 'fr'; the kiosk's words are translated into zh-Hans"),
    ],
)
def test_a_bad_words_file_is_refused_and_the_words_left_unchanged(
    words: Path, tmp_path: Path, spoil: object, message: str
) -> None:
    po_file = tmp_path / "ui.po"
    catalog = export(words, po_file)
    spoil(catalog)  # type: ignore[operator]
    catalog.save(str(po_file))
    before = files(words)

    code, _, err = run("import-translations", "--ui", str(po_file), "--words", str(words))

    assert code == 1
    assert message in err
    assert files(words) == before

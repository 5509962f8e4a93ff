"""The kiosk's words are read file by file as they are asked for: the start reads the
attract screen's and the greeting's file alone; a word defined in two files is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui import strings


@pytest.fixture
def words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "i18n"
    folder.mkdir()
    monkeypatch.setattr(strings, "assets_dir", lambda: tmp_path)
    monkeypatch.setattr(strings, "_read", {})
    monkeypatch.setattr(strings, "_unread", None)
    strings._table.cache_clear()
    yield folder
    strings._table.cache_clear()


def write(folder: Path, name: str, words: dict[str, dict[str, str]]) -> None:
    (folder / name).write_text(json.dumps(words), encoding="utf-8")


def test_the_first_file_is_read_alone_and_the_others_when_a_word_is_not_there(words):
    write(words, "a_area.json", {"area.title": {"en": "Area", "zh-Hans": "区域"}})
    write(words, strings.FIRST_FILE, {"attract.touch": {"en": "Touch to begin"}})
    write(words, "z_area.json", {"later.word": {"en": "Later"}})
    assert strings.tr("attract.touch", "en") == "Touch to begin"
    assert set(strings._read) == {"attract.touch"}  # ui.json alone
    assert strings.tr("area.title", "zh-Hans") == "区域"
    assert "later.word" not in strings._read  # read up to the file that has it
    assert strings.tr("later.word", "zh-Hans") == "Later"  # English where one is missing
    with pytest.raises(KeyError):
        strings.tr("no.such.word", "en")
    assert sorted(strings.keys()) == ["area.title", "attract.touch", "later.word"]


def test_a_word_defined_in_two_files_is_refused(words):
    write(words, strings.FIRST_FILE, {"attract.touch": {"en": "Touch to begin"}})
    write(words, "other.json", {"attract.touch": {"en": "Touch"}})
    with pytest.raises(ValueError, match=r"other.json: string 'attract.touch' is defined twice"):
        strings.keys()


def test_the_kiosk_start_needs_only_its_first_file():
    """Every word the attract screen and the greeting show at the start is in ui.json."""
    first = json.loads((strings.assets_dir() / "i18n" / strings.FIRST_FILE).read_text("utf-8"))
    for key in ("attract.touch", "greeting.title", "greeting.invitation", "greeting.returning"):
        assert key in first

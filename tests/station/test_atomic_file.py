"""A file replaced whole or not at all (kiosk.station.atomic_file)."""

from __future__ import annotations

import stat

import pytest

from kiosk.station.atomic_file import replaced


def test_the_new_file_takes_the_name_once_whole_and_is_readable_by_all(tmp_path):
    target = tmp_path / "current"
    target.write_text("old\n", encoding="utf-8")
    with replaced(target, prefix=".current-") as handle:
        handle.write("new\n")
        assert target.read_text(encoding="utf-8") == "old\n"  # not yet: still being written
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["current"]


def write_half(target, error: OSError) -> None:
    with replaced(target, prefix=".snapshot-", binary=True) as handle:
        handle.write(b"half of the new")
        raise error


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "snapshot.pkl"
    target.write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"):
        write_half(target, OSError("disk full"))
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot.pkl"]


def write_over(target) -> None:
    with replaced(target, prefix=".tmp-", suffix=".jpg") as handle:
        handle.write("data")


def test_a_rename_that_fails_leaves_nothing_behind(tmp_path):
    target = tmp_path / "a-folder"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(IsADirectoryError):
        write_over(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]
    assert (target / "inside").read_text(encoding="utf-8") == "kept"

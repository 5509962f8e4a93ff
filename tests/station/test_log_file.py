"""The kiosk's log file: it rotates at its size, keeps its backups in order, loses no record
it keeps, and a rotation that fails costs no record."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.station.logs import LOG_FILE, RotatingLog, dress, setup_logging


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """A logger of its own, outside the tree (and pytest's capture) the root heads."""
    log = logging.Logger("tests.log_file", logging.INFO)
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_the_log_rotates_at_its_size_and_keeps_its_backups_in_order(tmp_path, logger):
    path = tmp_path / LOG_FILE
    logger.addHandler(dress(RotatingLog(path, max_bytes=400, backups=2), fmt="%(message)s"))
    said = [f"record {n:03d} " + "." * 40 for n in range(60)]
    for line in said:
        logger.info(line)
    kept = [tmp_path / f"{LOG_FILE}.2", tmp_path / f"{LOG_FILE}.1", path]
    assert all(p.stat().st_size <= 400 for p in kept)
    assert not (tmp_path / f"{LOG_FILE}.3").exists()  # the oldest beyond two backups dropped
    written = [line for p in kept for line in lines(p)]
    assert written == said[-len(written) :]  # oldest to newest, none missing in between
    assert len(written) > 3 * 400 // 60 - 3  # each file full, or nearly
    assert lines(path)[-1] == said[-1]


def test_without_backups_the_log_starts_again_empty(tmp_path, logger):
    path = tmp_path / LOG_FILE
    logger.addHandler(dress(RotatingLog(path, max_bytes=200, backups=0), fmt="%(message)s"))
    for n in range(20):
        logger.info("record %03d %s", n, "." * 30)
    assert path.stat().st_size <= 200
    assert lines(path)[-1].startswith("record 019")
    assert [p.name for p in tmp_path.iterdir()] == [LOG_FILE]


def test_a_record_larger_than_the_limit_is_written_whole(tmp_path, logger):
    path = tmp_path / LOG_FILE
    logger.addHandler(dress(RotatingLog(path, max_bytes=100, backups=1), fmt="%(message)s"))
    logger.info("x" * 500)
    logger.info("after it")
    assert lines(tmp_path / f"{LOG_FILE}.1") == ["x" * 500]
    assert lines(path) == ["after it"]


def test_a_rotation_that_fails_is_reported_and_its_record_still_written(tmp_path, logger, capsys):
    path = tmp_path / LOG_FILE
    (tmp_path / f"{LOG_FILE}.1").mkdir()  # in the way of kiosk.log becoming kiosk.log.1
    logger.addHandler(dress(RotatingLog(path, max_bytes=100, backups=1), fmt="%(message)s"))
    logger.info("first " + "." * 80)
    logger.info("second " + "." * 80)
    assert lines(path) == ["first " + "." * 80, "second " + "." * 80]
    assert "Logging error" in capsys.readouterr().err


def test_a_call_whose_arguments_do_not_fit_is_logged_without_them_and_raises_nothing(
    tmp_path, logger, capsys
):
    path = tmp_path / LOG_FILE
    logger.addHandler(dress(RotatingLog(path, max_bytes=1000, backups=1), fmt="%(message)s"))
    logger.info("%d visits for %s", "Jean Dupont")  # a programming error, not the kiosk's end
    logger.info("next")
    assert lines(path) == [
        "%d visits for %s [arguments not shown: they do not fit the message]",
        "next",
    ]
    assert "Jean" not in capsys.readouterr().err


def test_the_kiosk_log_is_set_up_rotating_and_redacted(tmp_path):
    root = logging.getLogger()
    level = root.level
    try:
        path = setup_logging(tmp_path / "logs")
        (handler,) = [h for h in root.handlers if getattr(h, "kiosk_handler", False)]
        assert isinstance(handler, RotatingLog)
        assert handler.backups == 5
        logging.getLogger("tests.log_file.kiosk").warning("call +33 6 12 34 56 78 back")
        handler.flush()
        assert lines(path)[-1].endswith("call [phone] back")
    finally:
        for h in [h for h in root.handlers if getattr(h, "kiosk_handler", False)]:
            root.removeHandler(h)
            h.close()
        root.setLevel(level)

"""``kiosk services day``: the day's bookings slot by slot for store IT, with the places
left, read from the store database, and nothing personal on the terminal."""

from __future__ import annotations

import pytest

from kiosk import cli
from tests.aftersale.sale_fixtures import (
    FRIDGE,
    NOW,
    TUESDAY,
    kiosk_fixture,  # noqa: F401 - fixture
    record_sale,
)

pytestmark = pytest.mark.postgres


def test_services_day_lists_each_slot_with_its_places_and_nothing_personal(
    kiosk, monkeypatch, capsys
):
    purchase_id = record_sale(kiosk, order_ref="TILL 77-ALPHA")
    delivery = kiosk.bookings.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    kiosk.bookings.book(purchase_id, "installation", TUESDAY, "afternoon", None, NOW)
    config = kiosk.config
    for name, value in {
        "KIOSK_LOCAL_DB_PATH": str(config.local_db_path),
        "KIOSK_LOG_DIR": str(config.log_dir),
        "KIOSK_SECRET_KEY_FILE": str(config.secret_key_file),
        "KIOSK_STORE_ID": config.store_id,
        "KIOSK_STORE_DB_URL": str(config.store_db_url),
        "KIOSK_SERVICE_CAPACITY": config.service_capacity,
        "KIOSK_SERVICE_CLOSED_DAYS": config.service_closed_days,
    }.items():
        monkeypatch.setenv(name, value)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.dispatch(cli.parse(list(argv)))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("services", "day", TUESDAY.isoformat())
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2026-12-08 (Tuesday)"
    assert lines[1:5] == [
        "morning      09:00-12:00  delivery     1/2 booked",
        "morning      09:00-12:00  installation 0/1 booked",
        "afternoon    13:00-17:00  delivery     0/2 booked",
        "afternoon    13:00-17:00  installation 1/1 booked",
    ]
    assert lines[5].split() == ["morning", "delivery", "booked", f"{FRIDGE.sku}", "x1,",
                                "MV-LT-TL1", "x2", str(delivery.id)]  # fmt: skip
    assert "TILL" not in out
    assert "77-ALPHA" not in out

    code, out, _ = run("services", "day", "2026-12-13")
    assert code == 0
    assert "closed that day" in out
    assert out.rstrip().endswith("no bookings")
    code, _, err = run("services", "day", "13/12/2026")
    assert code == 2
    assert "'13/12/2026' is not a date (YYYY-MM-DD)" in err


def test_services_is_a_command(capsys):
    with pytest.raises(SystemExit):
        cli.parse(["services", "--help"])
    assert "day" in capsys.readouterr().out

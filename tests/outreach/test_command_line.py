"""``kiosk followups``: the store sweep makes the store-wide outreach (lapsed clients, new
arrivals from the installed pack), and completing an outreach asks how it was made."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import cli
from kiosk.db.engine import open_url
from kiosk.db.models import utcnow
from kiosk.station.runtime import open_database
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.associates.tasks.helpers import STORE, associate, client
from tests.outreach.helpers import clienteling, set_advisor, visit_with_answers
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres


def test_the_store_sweep_makes_lapsed_and_new_arrival_outreach_and_complete_asks_the_channel(
    tmp_path, store_url, monkeypatch, capsys
):
    config = kiosk_config(tmp_path, "kiosk-a", store_url)
    local, store = open_database(config), open_url(store_url)
    elise = associate(local)
    camille = client(local)
    clienteling(local, camille, utcnow() - dt.timedelta(days=300))
    set_advisor(local, camille, elise)
    visit_with_answers(local, camille, utcnow() - dt.timedelta(days=200), {"rooms": ["kitchen"]})
    Pusher(local, store).push_all()
    for name, value in {
        "KIOSK_LOCAL_DB_PATH": str(config.local_db_path),
        "KIOSK_LOG_DIR": str(tmp_path / "kiosk-a" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "kiosk-a" / "secret.key"),
        "KIOSK_STORE_ID": STORE,
        "KIOSK_KIOSK_ID": "kiosk-a",
        "KIOSK_STORE_DB_URL": store_url,
    }.items():
        monkeypatch.setenv(name, value)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.dispatch(cli.parse(list(argv)))
        out, err = capsys.readouterr()
        return code, out, err

    try:
        # a kiosk knows only its own visits: no lapsed client, no new arrival from here
        assert run("followups", "sweep")[1] == "this kiosk: tasks made: none; stopped: 0\n"
        # the store: lapsed, and the warming drawer (new, cooking: the kitchen was chosen)
        assert run("followups", "sweep", "--store")[1] == (
            "the store database: tasks made: 1 lapsed, 1 new_arrival; stopped: 0\n"
        )
        assert run("followups", "sweep", "--store")[1].endswith("tasks made: none; stopped: 0\n")
        Puller(local, store, STORE).pull_all()
        code, out, _ = run("followups", "due", "--associate", "Élise Martin")
        lines = [row for row in out.splitlines() if "lapsed" in row or "new_arrival" in row]
        assert len(lines) == 2
        assert all("Élise Martin" in row for row in lines)  # her client: routed to her
        task_id = lines[0].split()[-1]
        code, _, err = run(
            "followups", "complete", task_id, "--associate", "Élise Martin", "--outcome", "reached"
        )
        assert code == 2
        assert "say how the client was contacted" in err
        code, out, _ = run(
            "followups",
            "complete",
            task_id,
            "--associate",
            "Élise Martin",
            "--outcome",
            "reached",
            "--channel",
            "call",
        )
        assert (code, out) == (0, f"completed {task_id}: reached (call)\n")
    finally:
        local.dispose()
        store.dispose()

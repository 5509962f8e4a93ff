"""The kiosk window sends each visit to the store database as soon as it ends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, text


@pytest.mark.postgres
def test_a_finished_visit_reaches_the_store_database(store_url, make_shell, qtbot):
    # a long pause between passes: only the wake-up at the visit's end can deliver it in time
    shell = make_shell(sync=True, store_db_url=store_url, sync_interval_s=3600)
    assert shell.runtime.sync is not None
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(greeting.language_buttons["zh-Hans"], Qt.MouseButton.LeftButton)
    visit_id = shell.journey.state.visit_id
    qtbot.mouseClick(greeting.done_button, Qt.MouseButton.LeftButton)
    farewell = shell.screens["farewell"]
    qtbot.mouseClick(farewell.finish_button, Qt.MouseButton.LeftButton)

    store = create_engine(store_url)
    query = text("SELECT end_reason, language FROM visits WHERE id = :id")

    def arrived() -> bool:
        with store.connect() as conn:
            return conn.execute(query, {"id": visit_id}).first() == ("completed", "zh-Hans")

    qtbot.waitUntil(arrived, timeout=10_000)
    with store.connect() as conn:
        kinds = (
            conn.execute(
                text("SELECT kind FROM visit_events WHERE visit_id = :id ORDER BY seq"),
                {"id": visit_id},
            )
            .scalars()
            .all()
        )
    store.dispose()
    assert kinds[0] == "visit_started"
    assert kinds[-1] == "visit_ended"
    qtbot.waitUntil(lambda: shell.runtime.sync.status().pending == 0, timeout=10_000)

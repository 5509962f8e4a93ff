"""The fleet configuration example in packaging/config/ loads, layers and hides its secrets."""

from __future__ import annotations

from kiosk.station.config import load_config
from tests.conftest import REPO

EXAMPLES = REPO / "packaging" / "config"


def test_the_example_layers_chain_store_kiosk(tmp_path):
    password = tmp_path / "store-db-password"
    password.write_text("Pa55-secret")
    files = [EXAMPLES / "chain.toml", EXAMPLES / "store.toml", EXAMPLES / "kiosk.toml"]
    config = load_config(files, env={"KIOSK_STORE_DB_PASSWORD_FILE": str(password)})
    assert config.store_id == "paris-faubourg"
    assert config.sources["store_id"] == str(EXAMPLES / "store.toml")
    assert config.kiosk_id == "entrance-left"
    assert config.sources["kiosk_id"] == str(EXAMPLES / "kiosk.toml")
    assert config.sources["languages"] == str(EXAMPLES / "chain.toml")
    assert str(config.opening_hours) == "Mon-Sat 10:00-19:00; Sun 12:00-18:00"
    shown = {name: value for name, value, _ in config.describe()}
    assert shown["store_db_url"] == "(set, hidden)"
    assert "Pa55-secret" not in repr(config.describe())

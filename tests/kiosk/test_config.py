"""Settings layer files then the environment, remember their source, and refuse bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import SETTINGS, load_config, reference_markdown
from kiosk.errors import ConfigError
from tests.conftest import REPO


def test_files_layer_in_order_then_the_environment_wins(tmp_path):
    chain = tmp_path / "chain.toml"
    store = tmp_path / "store.toml"
    chain.write_text("store_id = 'chain-default'\nidle_timeout_s = 120\n")
    store.write_text("store_id = 'paris-8'\n")
    config = load_config([chain, store], env={"KIOSK_IDLE_TIMEOUT_S": "45"})
    assert config.store_id == "paris-8"
    assert config.sources["store_id"] == str(store)
    assert config.idle_timeout_s == 45
    assert config.sources["idle_timeout_s"] == "environment KIOSK_IDLE_TIMEOUT_S"
    assert config.sources.get("kiosk_id", "default") == "default"
    assert config.kiosk_id == "kiosk-1"


def test_values_are_typed():
    config = load_config(
        env={
            "KIOSK_LANGUAGES": "zh-Hans, en",
            "KIOSK_WINDOWED": "yes",
            "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f",
            "KIOSK_CONTENT_PACK_PATH": "data/other-pack",
        }
    )
    assert config.languages == ("zh-Hans", "en")
    assert config.windowed is True
    assert config.followup_base_url == "https://maison.example/f/"
    assert config.content_pack_path == REPO / "data" / "other-pack"


def test_secrets_are_masked_when_described():
    config = load_config(env={"KIOSK_STORE_DB_URL": "postgresql+psycopg://k:hunter2@db/store"})
    shown = {name: value for name, value, _ in config.describe()}
    assert shown["store_db_url"] == "(set, hidden)"
    assert "hunter2" not in repr(config.describe())


def test_a_bad_value_never_echoes_a_secret():
    with pytest.raises(ConfigError) as err:
        load_config(env={"KIOSK_STORE_DB_URL": "mysql://k:hunter2@db/store"})
    assert "store_db_url" in str(err.value)
    assert "hunter2" not in str(err.value)


def test_a_missing_password_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="store_db_password_file"):
        load_config(env={"KIOSK_STORE_DB_PASSWORD_FILE": str(tmp_path / "nope")})


def test_readme_reference_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert reference_markdown() in readme, "run `kiosk config reference` and paste it in README"
    assert len(SETTINGS) == reference_markdown().count("\n") - 2


def test_every_setting_has_a_description_and_a_valid_default():
    for setting in SETTINGS:
        assert setting.description.endswith(".")
        default = setting.default()
        if default is not None and not isinstance(default, Path):
            assert setting.parse(default) == default


@pytest.mark.parametrize("xdg", [{}, {"XDG_DATA_HOME": "/srv/d", "XDG_STATE_HOME": "/srv/s"}])
def test_default_folders_are_those_platformdirs_gives(monkeypatch, xdg):
    import platformdirs

    from kiosk.config import APP_NAME, _data_dir, _log_dir

    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in xdg.items():
        monkeypatch.setenv(name, value)
    assert _data_dir() == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert _log_dir() == Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

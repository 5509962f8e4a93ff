"""Settings layer files then the environment, remember their source, and refuse bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.station.config import load_config
from kiosk.station.settings import SETTINGS, reference_markdown
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

    from kiosk.station.setting_values import APP_NAME, _data_dir, _log_dir

    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in xdg.items():
        monkeypatch.setenv(name, value)
    assert _data_dir() == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert _log_dir() == Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def test_a_misspelt_environment_variable_is_refused_naming_the_setting():
    with pytest.raises(ConfigError) as err:
        load_config(env={"KIOSK_IDLE_TIMOUT_S": "30"})
    message = str(err.value)
    assert "KIOSK_IDLE_TIMOUT_S is not a setting" in message
    assert "did you mean KIOSK_IDLE_TIMEOUT_S (setting 'idle_timeout_s')?" in message
    assert "\n" not in message


def test_every_unknown_variable_is_named_at_once_and_a_far_one_points_at_the_reference():
    with pytest.raises(ConfigError) as err:
        load_config(env={"KIOSK_WINDOWD": "1", "KIOSK_FLAVOUR": "vanilla"})
    message = str(err.value)
    assert "KIOSK_FLAVOUR is not a setting: see `kiosk config reference`" in message
    assert "did you mean KIOSK_WINDOWED (setting 'windowed')?" in message


def test_the_variables_that_are_not_settings_are_accepted(tmp_path):
    config = load_config(
        env={
            "KIOSK_CONFIG": "",
            "KIOSK_TEST_PG_URL": "postgresql+psycopg://postgres@127.0.0.1:1/postgres",
            "NOT_KIOSK_ANYTHING": "x",
        }
    )
    assert config.idle_timeout_s == 90


def test_the_command_line_stops_at_a_misspelt_variable_with_exit_2(monkeypatch, capsys, kiosk_env):
    from main import main

    for name, value in kiosk_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KIOSK_IDLE_TIMOUT_S", "30")
    for argv in (["config", "show"], ["check"], ["run"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("kiosk: environment variable KIOSK_IDLE_TIMOUT_S is not a setting")
        assert err.count("\n") == 1
    assert not Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]).exists()


def test_the_sync_settings_the_code_reads_can_be_set():
    from kiosk.sync.settings import SyncSettings

    config = load_config(
        env={"KIOSK_STORE_DB_CONNECT_TIMEOUT_S": "2", "KIOSK_SYNC_BATCH_SIZE": "500"}
    )
    settings = SyncSettings.from_config(config)
    assert settings.store_db_connect_timeout_s == 2
    assert settings.sync_batch_size == 500
    assert SyncSettings.from_config(load_config(env={})) == SyncSettings()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "en, zh-hans",
            "offers 'zh-hans', which the kiosk has no words for (did you mean 'zh-Hans'?",
        ),
        ("fr", "offers 'fr', which the kiosk has no words for (it speaks en, zh-Hans)"),
    ],
)
def test_a_language_the_kiosk_cannot_speak_is_refused(value, expected):
    with pytest.raises(ConfigError) as err:
        load_config(env={"KIOSK_LANGUAGES": value})
    assert expected in str(err.value)


def test_the_supported_languages_are_those_the_kiosk_has_words_for():
    import json

    from kiosk.station.setting_values import SUPPORTED_LANGUAGES

    written = set()
    for table in (REPO / "assets" / "i18n").glob("*.json"):
        for entry in json.loads(table.read_text(encoding="utf-8")).values():
            written |= set(entry)
    assert written == set(SUPPORTED_LANGUAGES)

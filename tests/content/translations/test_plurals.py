"""Plural forms of the kiosk's own words: the right form for the number, CLDR's rules, and
nothing heavy at the kiosk's start."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel import Locale

from kiosk.content.translations import po
from kiosk.plurals import category
from kiosk.station.setting_values import SUPPORTED_LANGUAGES
from tests.content.translations.conftest import REPO
from ui.strings import tr, trn


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_kiosks_rules_are_cldrs_for_every_language_it_speaks(language: str) -> None:
    cldr = Locale.parse(language, sep="-").plural_form
    assert [category(language, n) for n in range(1001)] == [cldr(n) for n in range(1001)]


def test_english_says_one_day_and_two_days_chinese_one_form() -> None:
    assert trn("associate.home.age.d", "en", 1) == "1 day"
    assert trn("associate.home.age.d", "en", 2) == "2 days"
    assert trn("associate.home.age.d", "en", 0) == "0 days"
    assert trn("associate.home.age.d", "zh-Hans", 1) == "1 天"
    assert trn("associate.sync.pending", "en", 1) == "1 change waiting"
    assert trn("handoff.expires", "en", 30) == "Kept for 30 days"
    assert trn("handoff.expires", "zh-Hans", 1) == "保留 1 天"
    # The number shown may be formatted; the form follows the count.
    assert trn("dashboard.kpi.nps_detail", "en", 1204, n="1,204") == "1,204 answers"
    assert trn("dashboard.kpi.nps_detail", "en", 1) == "1 answer"
    # A word without forms is shown by trn as it is.
    assert trn("associate.home.age.h", "en", 1) == "1 h"
    with pytest.raises(TypeError, match="trn"):
        tr("associate.home.age.d", "en", n=1)


def test_a_language_with_several_forms_gets_each_its_category() -> None:
    assert po.categories(po.new_catalog("en", "kiosk", "words")) == ["one", "other"]
    assert po.categories(po.new_catalog("zh-Hans", "kiosk", "words")) == ["other"]
    assert po.categories(po.new_catalog("ru", "kiosk", "words")) == ["one", "few", "many"]
    assert po.categories(po.new_catalog("fr", "kiosk", "words")) == ["one", "many", "other"]


def test_the_kiosks_start_reads_no_cldr_data() -> None:
    """The words and the command line (with the translation commands registered) load
    without Babel: it is imported by the translation commands when they run."""
    code = (
        "import sys\n"
        "from kiosk import cli\n"
        "cli.parse(['content', 'validate', 'x'])\n"
        "from ui.strings import trn\n"
        "assert trn('associate.home.age.d', 'en', 1) == '1 day'\n"
        "assert 'babel' not in sys.modules, sorted(m for m in sys.modules if 'babel' in m)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_the_words_the_follow_up_page_reads_have_no_plural_forms() -> None:
    """kiosk/handoff/page.py hands its words to templates as plain texts (it has no trn): a
    word with plural forms there would show as a dict. Give it one before converting one of
    its words. (The companion's words count: kiosk/companion/strings.py Counted.)"""
    import json

    folder = REPO / "assets" / "i18n"
    read_plain = {
        "followup.json": "",
        "followups.json": (
            "followups.kind.",
            "followups.outcome.",
            "followups.channel.",
            "followups.error.",
        ),
    }
    for name, prefixes in read_plain.items():
        for key, entry in json.loads((folder / name).read_text(encoding="utf-8")).items():
            if key.startswith(prefixes or ""):
                assert all(isinstance(text, str) for text in entry.values()), (name, key)


def test_the_companion_counts_in_each_language() -> None:
    from kiosk.companion.strings import strings

    en, zh = strings("en"), strings("zh-Hans")
    assert en["clients_visits"].format(n=1) == "1 visit"
    assert en["clients_visits"].format(n=2) == "2 visits"
    assert en["client_pieces"].format(n=1) == "1 piece chosen"
    assert zh["clients_visits"].format(n=1) == "到访1次"
    assert en["waited"].format(n=3, unit="min")  # plain words format as before

"""Associate mode's directory is this kiosk's: the associates of the store it serves."""

from __future__ import annotations

import pytest

from kiosk.associates.directory import AssociateDirectory, SignInRefused


def test_the_kiosks_directory_lists_and_checks_its_store_associates(runtime):
    directory = AssociateDirectory.of_kiosk(runtime)
    assert directory.store_id == runtime.config.store_id
    elise = directory.add("Élise Martin", "associate", "482913")
    assert [a.display_name for a in directory.associates()] == ["Élise Martin"]
    with pytest.raises(SignInRefused) as refused:
        directory.verify(elise.id, "739164")
    assert (refused.value.reason, refused.value.attempts_left) == ("wrong_pin", 4)
    assert directory.verify(elise.id, "482913").id == elise.id

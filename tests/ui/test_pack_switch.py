"""A newly installed content pack goes into service at the next attract screen, never during
a visit."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from kiosk.content.store import PackStore
from kiosk.visit.stages import EndReason
from tests.conftest import REPO
from tests.ui.conftest import settle


def test_a_pack_installed_during_a_visit_waits_for_the_visit_to_end(
    make_shell, qtbot, tmp_path, content_dir
):
    content = tmp_path / "content"
    shutil.copytree(content_dir, content)  # this kiosk's own store, with the demo pack
    shell = make_shell(content_dir=str(content))
    assert shell.brand_name == "Maison Velle"
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]

    new_pack = tmp_path / "pack"
    shutil.copytree(REPO / "data" / "demo-pack", new_pack)
    toml = new_pack / "pack.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('brand = "Maison Velle"', 'brand = "Maison Velle Atelier"')
    toml.write_text(text.replace('version = "2025.1"', 'version = "2025.2"'), encoding="utf-8")
    result = PackStore(content).install(new_pack)  # as `kiosk content install` would
    assert result.ok, result.message

    settle(shell)  # whatever the kiosk does meanwhile, with its event loop running
    assert shell.brand_name == "Maison Velle"  # mid-visit: nothing changes under the customer
    assert greeting.wordmark.text() == "MAISON VELLE"
    shell.end_visit(EndReason.COMPLETED)
    assert shell.brand_name == "Maison Velle Atelier"
    assert shell.pack.info.version == "2025.2"
    assert greeting.wordmark.text() == "MAISON VELLE ATELIER"

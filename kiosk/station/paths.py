"""Where the kiosk's own files live, in a checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding ``assets/`` and ``data/``: the checkout, or the unpacked build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]  # kiosk/station/paths.py


def assets_dir() -> Path:
    return resource_root() / "assets"


def build_info() -> dict[str, str] | None:
    """What `make package` stamped into a build (version, commit, time); None from source."""
    import json

    path = resource_root() / "build-info.json"
    if not getattr(sys, "frozen", False) or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None

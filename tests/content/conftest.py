"""A minimal valid pack built in tmp_path; each test breaks one thing in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

PACK_TOML = """\
[pack]
id = "mini"
brand = "Mini"
version = "1"
languages = ["en", "zh-Hans"]
default_language = "en"
tagline = { en = "Made well", "zh-Hans" = "精工之作" }

[[attributes]]
id = "quietness"
name = { en = "Quietness", "zh-Hans" = "静音" }
reason = { en = "quiet operation", "zh-Hans" = "运行安静" }

[[attributes]]
id = "capacity"
name = { en = "Capacity", "zh-Hans" = "容量" }
reason = { en = "generous capacity", "zh-Hans" = "容量充裕" }

[[categories]]
id = "cooking"
name = { en = "Cooking", "zh-Hans" = "烹饪" }

[[collections]]
id = "atelier"
name = { en = "Atelier", "zh-Hans" = "工坊" }

[[price_bands]]
id = "premium"
label = { en = "Premium", "zh-Hans" = "臻选" }

[[price_bands]]
id = "signature"
label = { en = "Signature", "zh-Hans" = "典藏" }
"""

PRODUCTS_TOML = """\
[[products]]
sku = "OV-1"
name = { en = "Oven", "zh-Hans" = "烤箱" }
summary = { en = "A quiet oven.", "zh-Hans" = "安静的烤箱。" }
category = "cooking"
collection = "atelier"
price_band = "premium"
gallery = ["images/p1.jpg"]
attributes = { quietness = 0.8, capacity = 0.5 }

[[products.specs]]
label = { en = "Width", "zh-Hans" = "宽度" }
value = "60 cm"

[[products.chapters]]
kind = "craftsmanship"
title = { en = "Hand finished", "zh-Hans" = "手工打磨" }
body = { en = "Brushed by hand.", "zh-Hans" = "手工拉丝。" }

[[products]]
sku = "OV-2"
name = { en = "Range", "zh-Hans" = "炉灶" }
summary = { en = "A large range.", "zh-Hans" = "大尺寸炉灶。" }
category = "cooking"
price_band = "signature"
gallery = ["images/p1.jpg"]
attributes = { capacity = 0.9 }

[[products.chapters]]
kind = "heritage"
title = { en = "Since 1920", "zh-Hans" = "始于1920" }
body = { en = "Four generations.", "zh-Hans" = "四代传承。" }
"""

LOOKBOOK_TOML = """\
id = "home"
title = { en = "At home", "zh-Hans" = "居家" }
description = { en = "A kitchen.", "zh-Hans" = "一间厨房。" }

[[scenes]]
id = "kitchen"
image = "images/scene.jpg"
caption = { en = "Morning light", "zh-Hans" = "晨光" }

[[scenes.hotspots]]
sku = "OV-1"
x = 0.4
y = 0.6
"""

QUESTIONNAIRE_TOML = """\
[[questions]]
id = "household"
kind = "single"
prompt = { en = "Who lives with you?", "zh-Hans" = "您与谁同住？" }

[[questions.options]]
id = "alone"
label = { en = "Just me", "zh-Hans" = "独居" }
weights = { quietness = 0.5 }

[[questions.options]]
id = "family"
label = { en = "A family", "zh-Hans" = "一家人" }
weights = { capacity = 1.0 }

[[questions]]
id = "budget"
kind = "single"
skippable = true
prompt = { en = "A budget in mind?", "zh-Hans" = "心中是否有预算？" }

[[questions.options]]
id = "signature"
label = { en = "The finest", "zh-Hans" = "臻品之选" }
price_bands = ["signature"]
"""

CARE_TOML = """\
[[care]]
category = "cooking"
title = { en = "Caring for your cooking pieces", "zh-Hans" = "烹饪器具的养护" }
body = { en = "Wipe when cool.", "zh-Hans" = "冷却后擦拭。" }
"""


@dataclass
class MiniPack:
    root: Path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_mini_pack(root: Path, version: str = "1") -> MiniPack:
    pack = MiniPack(root)
    pack.write("pack.toml", PACK_TOML.replace('version = "1"', f'version = "{version}"'))
    pack.write("products/cooking.toml", PRODUCTS_TOML)
    pack.write("lookbooks/home.toml", LOOKBOOK_TOML)
    pack.write("questionnaire.toml", QUESTIONNAIRE_TOML)
    pack.write("care.toml", CARE_TOML)
    (root / "images").mkdir()
    (root / "attract").mkdir()
    Image.new("RGB", (1920, 1280), (180, 150, 120)).save(root / "images/p1.jpg", quality=70)
    Image.new("RGB", (1920, 1080), (90, 80, 70)).save(root / "images/scene.jpg", quality=70)
    Image.new("RGB", (1920, 1080), (20, 20, 24)).save(root / "attract/01.jpg", quality=70)
    return pack


@pytest.fixture
def mini(tmp_path: Path) -> MiniPack:
    return write_mini_pack(tmp_path / "pack")

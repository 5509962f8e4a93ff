"""How text is set per language and script, decided once for the kiosk and the follow-up page.

Chinese lists take the enumeration comma (甲、乙、丙), never a Latin ", " run into Han text;
and Chinese is never letter-spaced (tracking that suits uppercase Latin labels pulls Han
characters apart into a sequence of single glyphs). Screens and the phone page ask here rather
than each writing its own separator or its own test for CJK text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Languages written without spaces between words, which list with the enumeration comma.
CJK_LANGUAGES = ("zh", "ja")
CJK_LIST_SEPARATOR = "、"
LATIN_LIST_SEPARATOR = ", "

# Han (with its extensions and compatibility forms), kana, CJK punctuation and full-width forms.
_CJK = re.compile(
    "[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003134f]"
)


def is_cjk_language(language: str) -> bool:
    return language.startswith(CJK_LANGUAGES)


def is_cjk_text(text: str) -> bool:
    """True when the text holds Chinese or Japanese characters (a brand name in Latin
    letters shown in a Chinese screen is not CJK text, and keeps its tracking)."""
    return _CJK.search(text) is not None


def join_list(items: Iterable[str], language: str, *, latin: str = LATIN_LIST_SEPARATOR) -> str:
    """Items side by side as a list in the language: 、 between Chinese or Japanese items,
    ``latin`` (", " unless the caller sets labels apart otherwise) between the others.
    Empty items are left out."""
    separator = CJK_LIST_SEPARATOR if is_cjk_language(language) else latin
    return separator.join(item for item in items if item)

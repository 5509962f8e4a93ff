"""How text is set per language and script, decided once for the kiosk and the follow-up page.

Chinese lists take the enumeration comma (甲、乙、丙), never a Latin ", " run into Han text;
and Chinese is never letter-spaced (tracking that suits uppercase Latin labels pulls Han
characters apart into a sequence of single glyphs). Screens and the phone page ask here rather
than each writing its own separator or its own test for CJK text.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache

# Languages written without spaces between words, which list with the enumeration comma.
CJK_LANGUAGES = ("zh", "ja")
CJK_LIST_SEPARATOR = "、"
LATIN_LIST_SEPARATOR = ", "

# Han (with its extensions and compatibility forms), kana, CJK punctuation and full-width forms,
# as code point ranges looked up by bisection: a regular expression over them took 1.3 ms to
# compile, at every start, in the attract screen's first seconds (its invitation is bilingual).
_CJK_RANGES = (
    (0x3000, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)
_CJK_BOUNDS = tuple(bound for first, last in _CJK_RANGES for bound in (first, last + 1))
_CJK_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in _CJK_RANGES)
_FIRST_CJK = chr(_CJK_RANGES[0][0])


def is_cjk_language(language: str) -> bool:
    return language.startswith(CJK_LANGUAGES)


def is_cjk_text(text: str) -> bool:
    """True when the text holds Chinese or Japanese characters (a brand name in Latin
    letters shown in a Chinese screen is not CJK text, and keeps its tracking)."""
    if not text or max(text) < _FIRST_CJK:  # Latin text: one pass in C
        return False
    return any(bisect_right(_CJK_BOUNDS, ord(c)) % 2 for c in text if c >= _FIRST_CJK)


def join_list(items: Iterable[str], language: str, *, latin: str = LATIN_LIST_SEPARATOR) -> str:
    """Items side by side as a list in the language: 、 between Chinese or Japanese items,
    ``latin`` (", " unless the caller sets labels apart otherwise) between the others.
    Empty items are left out."""
    separator = CJK_LIST_SEPARATOR if is_cjk_language(language) else latin
    return separator.join(item for item in items if item)


# -- line breaking ----------------------------------------------------------------------------
# Qt's line breaker (UAX #14) may break between any two Han characters. Chinese typesetting
# (W3C clreq, GB/T 15834) asks more of it: no pause, stop or closing mark at a line's start,
# no opening bracket or quote at a line's end, and no last line of one or two characters left
# alone under a full line ("烤 / 箱", "味。"). Rather than lay lines out again on every resize,
# the text is given to Qt with U+2060 WORD JOINER (and a no-break space) where it must not
# break: every breaker then obeys (a label's height for its width, painters, the follow-up
# page's browser), at the cost of a string pass when the text is set.
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
# Never at a line's start: pause and stop marks, closing brackets and quotes, interpuncts,
# ellipsis and dash, connectors, iteration marks, small kana, units that follow a number.
NO_START = (
    "、。，．；：？！）］｝〕〉》」』】〗〙〛｠”’‥…—–～〜·・‧％℃°"
    "ゝゞヽヾー々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ",.;:?!)]}%»›"
)
# Never at a line's end: opening brackets and quotes, currency signs before a number.
NO_END = "（［｛〔〈《「『【〖〘〚｟“‘([{«‹¥￥$£€"
# A last line holds at least this many characters (punctuation not counted).
ORPHAN_MIN = 3
# A Latin word longer than this is not pulled down to keep the Chinese after it company: the
# break at its space is a word's boundary, and the word would make the last line too wide.
SHORT_WORD = 8

_PUNCTUATION = set(NO_START + NO_END + WORD_JOINER)


@cache
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns ``keep_together`` applies, compiled when Chinese text is first set (not at
    every start): a separator set off by spaces ("今天 · 10:00") goes with the text before it;
    no break before a mark that may not start a line, nor after one that may not end it;
    and before a word too long to share a line the breaker may have to break, as at a
    paragraph's end ("（例 / 如 / name@example.com）"), the text up to it keeps its own last
    characters."""
    no_start = re.escape(NO_START)
    return (
        re.compile(f" +(?=[{no_start}])"),
        re.compile(f"(?<=[^\\s{WORD_JOINER}])(?=[{no_start}])"),
        re.compile(f"(?<=[{re.escape(NO_END)}])(?=[^\\s{WORD_JOINER}])"),
        re.compile(f"(?<= )(?=[^\\s{_CJK_CLASS}]{{{SHORT_WORD + 1},}})"),
    )


def keep_together(text: str) -> str:
    """``text`` with word joiners where Chinese typesetting forbids a line break (see above);
    text without CJK characters is returned as it is. Shown the same, measured the same:
    the joiner has no width."""
    if not is_cjk_text(text):
        return text
    space_before, join_before, join_after, long_word = _rules()
    text = space_before.sub(lambda spaces: NO_BREAK_SPACE * len(spaces[0]), text)
    text = join_before.sub(WORD_JOINER, text)
    text = join_after.sub(WORD_JOINER, text)
    return "\n".join(
        "".join(_no_orphan(piece) for piece in long_word.split(paragraph))
        for paragraph in text.split("\n")
    )


def _no_orphan(paragraph: str) -> str:
    """The paragraph with its last ``ORPHAN_MIN`` characters joined, so a line breaker takes
    them to the last line together (the line before breaks earlier) when it holds CJK; a
    short Latin word or number before them comes along ("体机 7", "60 厘米")."""
    chars = list(paragraph)
    units = [i for i, c in enumerate(chars) if not c.isspace() and c not in _PUNCTUATION]
    if not units or not is_cjk_text(paragraph):
        return paragraph
    start, counted = units[-1], 0
    for i in range(units[-1], -1, -1):
        c = chars[i]
        if c.isspace():
            word = _latin_run_before(chars, i)
            if word > SHORT_WORD or (word == 0 and i == 0):
                break
            chars[i] = NO_BREAK_SPACE
        elif c not in _PUNCTUATION:
            counted += 1
        start = i
        if counted == ORPHAN_MIN:
            break
    tail = chars[start:]
    joined = [tail[0]] if tail else []
    for before, after in itertools.pairwise(tail):
        if _breakable(before, after):
            joined.append(WORD_JOINER)
        joined.append(after)
    return "".join(chars[:start] + joined)


def _breakable(before: str, after: str) -> bool:
    """Whether a breaker might break between the two (two Latin letters or digits it keeps
    together by itself; a space or a joiner is already the answer)."""
    if WORD_JOINER in (before, after) or before.isspace() or after.isspace():
        return False
    return bool(is_cjk_text(before) or is_cjk_text(after) or _PUNCTUATION & {before, after})


def _latin_run_before(chars: list[str], space: int) -> int:
    """How many non-CJK characters run up to the space at ``space`` (a Latin word or number
    that a line breaker keeps whole)."""
    length = 0
    for c in reversed(chars[:space]):
        if c.isspace() or is_cjk_text(c):
            break
        length += 1
    return length


def lines(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """The lines a UAX #14 breaker fills greedily from ``keep_together(text)``: a break after
    spaces and between two characters of which one is CJK, except where a joiner or a rule
    above forbids it. The rules in one testable place (``measure`` gives a string's width);
    a painter that sets its own lines can use it. Lines come back without joiners, with
    their trailing spaces dropped and no-break spaces shown as spaces."""
    result: list[str] = []
    for paragraph in keep_together(text).split("\n"):
        line = ""
        for segment in _segments(paragraph):
            if line and measure(_shown(line + segment)) > width:
                result.append(_shown(line))
                line = ""
            line += segment
        result.append(_shown(line))
    return result


def _segments(paragraph: str) -> list[str]:
    """The paragraph cut at every place a break is allowed (spaces stay with the piece they
    end)."""
    pieces: list[str] = []
    start = 0
    for i in range(1, len(paragraph)):
        before, after = paragraph[i - 1], paragraph[i]
        if _may_break(before, after):
            pieces.append(paragraph[start:i])
            start = i
    pieces.append(paragraph[start:])
    return pieces


def _may_break(before: str, after: str) -> bool:
    if WORD_JOINER in (before, after) or before == NO_BREAK_SPACE:
        return False
    if after == NO_BREAK_SPACE:  # glue, but after a space a breaker still breaks (UAX #14)
        return before.isspace()
    if after.isspace():
        return False
    if before.isspace():
        return True
    if after in NO_START or before in NO_END:
        return False
    return is_cjk_text(before) or is_cjk_text(after)


def _shown(line: str) -> str:
    return line.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ").rstrip()


_INVISIBLE = ("Cc", "Cf", "Cs")  # controls (a NUL), format marks, lone surrogates


def visible_text(text: str, lines: bool = True) -> str:
    """What a person typed, as it can be stored and shown: control characters (a NUL the
    store database refuses), invisible format marks and lone surrogates removed, the ends
    stripped. ``lines`` keeps line breaks and tabs; without it every run of spaces and
    breaks becomes one space (a name, a one-line word).

    One rule for every free text a customer or an associate sends: a case's words, a
    score's word, the phone page's forms."""
    kept = "".join(
        ch
        for ch in str(text or "")
        if (ch in "\n\t" if lines else ch.isspace()) or unicodedata.category(ch) not in _INVISIBLE
    )
    return kept.strip() if lines else " ".join(kept.split())

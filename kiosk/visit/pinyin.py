"""Pinyin to Chinese characters, for typing a name or a note on the on-screen keyboard.

The readings come from pypinyin (MIT), which ships them in its wheel: nothing is fetched at
run time. They map characters to pinyin, so the index reverses them: each plain syllable
("wang", "lv" for lü) lists the characters read that way, the common ones first. pypinyin
has no frequencies; how many of its phrases use a character with that reading is a good
stand-in (王, 方, 陈 come early), and characters outside GB 2312 (rare or traditional) come
after those within it. Multi-syllable phrases from the same data are offered whole.

Building the index reads about 3 MB of JSON and takes about a second on the kiosk's hardware:
``index()`` builds it once per process and is meant to be called off the GUI thread; lookups
afterwards are dictionary reads (well under a millisecond). Nothing typed is kept or logged.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

LONGEST_SYLLABLE = 6  # "zhuang", "shuang"
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF  # the basic block: extension characters are not offered


# The hundred commonest family names in mainland China (public census figures), most
# common first: at the start of a name field they lead their syllable's candidates.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


class Candidate(NamedTuple):
    text: str
    letters: int  # how many of the typed letters choosing it uses up


def plain(reading: str) -> str:
    """A toned reading as typed on a keyboard: "lǘ" -> "lv", "wáng" -> "wang"."""
    decomposed = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _common(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _char_rank(char: str, syllable: str, uses: Counter[str]) -> tuple[bool, int, str]:
    return (not _common(char), -uses[char + syllable], char)


def _phrase_rank(phrase: str, key: str, uses: Counter[str]) -> int:
    """A phrase is as common as its rarest character."""
    return -min(uses[c + s] for c, s in zip(phrase, key.split(" "), strict=True))


class PinyinIndex:
    """Syllables to characters and phrases, best first. Immutable once built."""

    def __init__(
        self,
        chars: dict[str, list[str]],
        phrases: dict[str, tuple[str, ...]],
        surname_readings: dict[str, str],
    ) -> None:
        self.chars = chars
        self.phrases = phrases
        self.syllables = frozenset(chars)
        self.surname_readings = surname_readings  # 王 -> wang: each one's first reading
        self._starts: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls) -> PinyinIndex:
        # Strings, not tuples or lists, while building: untracked by the garbage collector,
        # so the build does not set off a full collection that would pause the GUI thread.
        uses: Counter[str] = Counter()  # character + syllable -> phrases using it so
        readings: dict[str, str] = {}  # "wang fang" -> phrases, space-separated
        for phrase, toned in _phrase_readings():
            syllables = [plain(r) for r in toned.split(" ")]
            if len(phrase) != len(syllables):
                continue
            for char, syllable in zip(phrase, syllables, strict=True):
                uses[char + syllable] += 1
            key = " ".join(syllables)
            readings[key] = f"{readings[key]} {phrase}" if key in readings else phrase
        chars: dict[str, list[str]] = {}
        surname_readings: dict[str, str] = {}
        for code, listed in _char_readings():
            if not CJK_FIRST <= code <= CJK_LAST:
                continue
            char = chr(code)
            if char in SURNAMES:
                surname_readings[char] = plain(listed.split(",")[0])
            for syllable in {plain(r) for r in listed.split(",")}:
                if syllable.isascii() and syllable.isalpha():
                    chars.setdefault(syllable, []).append(char)
        for syllable, heard in chars.items():
            heard.sort(key=lambda c, s=syllable: _char_rank(c, s, uses))  # type: ignore[misc]
        phrases: dict[str, tuple[str, ...]] = {}
        for key, found in readings.items():
            ranked = sorted(found.split(" "), key=lambda p, k=key: _phrase_rank(p, k, uses))  # type: ignore[misc]
            phrases[key] = tuple(ranked)
        return cls(chars, phrases, surname_readings)

    def segment(self, letters: str) -> list[str]:
        """Split typed letters into syllables, longest first; the last may be unfinished
        ("wangf" -> wang, f). Letters that cannot be read come back as one piece."""
        text = letters.lower()
        found = self._split(text, 0, {})
        return found if found is not None else [text]

    def _split(self, text: str, at: int, seen: dict[int, list[str] | None]) -> list[str] | None:
        if at == len(text):
            return []
        if at in seen:
            return seen[at]
        result: list[str] | None = None
        for size in range(min(LONGEST_SYLLABLE, len(text) - at), 0, -1):
            piece = text[at : at + size]
            if piece in self.syllables:
                rest = self._split(text, at + size, seen)
                if rest is not None:
                    result = [piece, *rest]
                    break
        if result is None and self._starting(text[at:]):
            result = [text[at:]]  # being typed
        seen[at] = result
        return result

    def _starting(self, prefix: str) -> list[str]:
        """Characters of every syllable that begins with ``prefix``, the common ones first."""
        if not prefix or len(prefix) > LONGEST_SYLLABLE:
            return []
        with self._lock:
            cached = self._starts.get(prefix)
        if cached is not None:
            return cached
        pool = [s for s in self.syllables if s.startswith(prefix)]
        merged: list[str] = []
        rounds = max((len(self.chars[s]) for s in pool), default=0)
        for i in range(rounds):  # interleaved, so each syllable's commonest come first
            merged.extend(self.chars[s][i] for s in sorted(pool) if i < len(self.chars[s]))
        with self._lock:
            self._starts[prefix] = merged
        return merged

    def candidates(self, letters: str, limit: int = 64, surname: bool = False) -> list[Candidate]:
        """Whole phrases for the longest run of syllables first, then characters for the
        first syllable; each says how many letters it uses up. ``surname``: the start of a
        name, where the common family names of that syllable come before everything else
        (李 is 11th for "li" in running text, and first in a name)."""
        pieces = self.segment(letters)
        if not pieces or not pieces[0]:
            return []
        out: list[Candidate] = []
        seen: set[str] = set()

        def offer(text: str, used: int) -> None:
            if text not in seen and len(out) < limit:
                seen.add(text)
                out.append(Candidate(text, used))

        first = pieces[0]
        singles = self.chars.get(first) if first in self.syllables else None
        chars = singles if singles is not None else self._starting(first)
        if surname:  # by their own (first) reading only: 沈 is shen, though also chen
            for char in SURNAMES:
                heard = self.surname_readings.get(char, "")
                if heard == first or (singles is None and heard.startswith(first)):
                    offer(char, len(first))
        whole = [p for p in pieces if p in self.syllables]
        complete = len(whole) if len(whole) == len(pieces) else len(pieces) - 1
        for n in range(complete, 1, -1):
            used = sum(len(p) for p in pieces[:n])
            for phrase in self.phrases.get(" ".join(pieces[:n]), ()):
                offer(phrase, used)
        for char in chars:
            offer(char, len(first))
        return out


def _data(name: str) -> Path:
    """One of pypinyin's data files, found without importing pypinyin: its import parses
    them whole, one C call that would hold the interpreter (and so the GUI thread) ~0.3 s."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("pypinyin is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _phrase_readings() -> Iterator[tuple[str, str]]:
    """(phrase, "first reading of each character") from phrases_dict.json, read a line at
    a time: pypinyin writes one token per line, and small steps let the GUI thread run. A
    file laid out otherwise is parsed whole, which only pauses the GUI thread once."""
    found = 0
    phrase, toned, fresh = "", "", False
    with _data("phrases_dict.json").open(encoding="utf-8") as lines:
        for raw in lines:
            line = raw.strip().rstrip(",")
            if line.endswith(": ["):
                if phrase:
                    found += 1
                    yield phrase, toned
                phrase, toned = line[1:-4], ""
            elif line == "[":
                fresh = True
            elif line.startswith('"') and phrase:
                if fresh:
                    toned = f"{toned} {line.strip(chr(34))}" if toned else line.strip('"')
                fresh = False
    if phrase:
        found += 1
        yield phrase, toned
    if not found:
        whole = json.loads(_data("phrases_dict.json").read_text(encoding="utf-8"))
        for phrase, groups in whole.items():
            yield phrase, " ".join(g[0] for g in groups if g)


def _char_readings() -> Iterator[tuple[int, str]]:
    """(code point, "líng,yuán") from pinyin_dict.json, a line at a time likewise."""
    found = 0
    with _data("pinyin_dict.json").open(encoding="utf-8") as lines:
        for raw in lines:
            code, sep, listed = raw.strip().rstrip(",").partition(": ")
            if sep and code.strip('"').isdigit():
                found += 1
                yield int(code.strip('"')), listed.strip('"')
    if not found:
        whole = json.loads(_data("pinyin_dict.json").read_text(encoding="utf-8"))
        for code, listed in whole.items():
            yield int(code), listed


_index: PinyinIndex | None = None
_building = threading.Lock()


def index() -> PinyinIndex:
    """The process's index, built on first use (about a second: not on the GUI thread)."""
    global _index
    with _building:
        if _index is None:
            _index = PinyinIndex.build()
        return _index


def built() -> PinyinIndex | None:
    """The index if it is ready, else None (never blocks)."""
    return _index

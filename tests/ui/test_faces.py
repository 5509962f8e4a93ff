"""Each script is shaped with its own face first: Western text with the Latin face, whose
quotes, dashes and ellipses are proportional, Chinese with the CJK face, whose are
full-width. Read from the glyphs Qt lays out (the raw font each character's glyph comes
from), in kit labels, buttons, painters' fonts and a story chapter's body."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QLabel

from ui import kit
from ui.fonts import load_bundled_fonts
from ui.widgets.chapter_view import Prose

ENGLISH = "It’s named for the “mères lyonnaises” — the women cooks…"
CHINESE = "它以“里昂妈妈”命名——正是这些女厨师让里昂成为美食之都…"
MARKS = "‘’“”—…"


def faces(text: str, font: QFont) -> dict[str, str]:
    """The family of the face each quote, dash and ellipsis of ``text`` is drawn from."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    found = {}
    for i, char in enumerate(text):
        if char in MARKS:
            runs = layout.glyphRuns(i, 1)
            assert runs, char
            found[char] = runs[0].rawFont().familyName()
    return found


def latin(family: str) -> bool:
    return "CJK" not in family


def test_english_quotes_and_dashes_come_from_the_latin_face_and_chinese_from_the_cjk_face(qapp):  # type: ignore[no-untyped-def]
    load_bundled_fonts()
    for role in ("body", "title", "eyebrow"):  # sans, serif, a tracked role
        english = kit.text(role, ENGLISH)
        chinese = kit.text(role, CHINESE)
        english_faces = faces(QLabel.text(english), english.font())
        chinese_faces = faces(QLabel.text(chinese), chinese.font())
        assert set(english_faces) == set("’“”—…")
        assert set(chinese_faces) == set("“”—…")
        assert all(map(latin, english_faces.values())), (role, english_faces)
        assert not any(map(latin, chinese_faces.values())), (role, chinese_faces)
        assert "Noto" in english.font().families()[0]  # the bundled Latin face, not the machine's


def test_a_label_retranslated_changes_its_face_with_its_text(qapp):  # type: ignore[no-untyped-def]
    load_bundled_fonts()
    label = kit.text("body", CHINESE)
    label.setText(ENGLISH)
    assert all(map(latin, faces(ENGLISH, label.font()).values()))
    button = kit.button("primary", ENGLISH)
    assert all(map(latin, faces(ENGLISH, button.font()).values()))
    button.setText(CHINESE)
    assert not any(map(latin, faces(CHINESE, button.font()).values()))


def test_painters_and_chapter_bodies_take_the_face_of_their_text(qapp):  # type: ignore[no-untyped-def]
    load_bundled_fonts()
    assert all(map(latin, faces(ENGLISH, kit.font("caption")).values()))
    assert not any(map(latin, faces(CHINESE, kit.font("caption", for_text=CHINESE)).values()))
    prose = Prose(kit.font("body_s"), 800)
    for text, language, expect_latin in ((CHINESE, "zh-Hans", False), (ENGLISH, "en", True)):
        prose.set_text(text, language)
        assert all(latin(f) == expect_latin for f in faces(text, prose.doc.defaultFont()).values())

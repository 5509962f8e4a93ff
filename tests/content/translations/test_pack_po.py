"""A pack's texts through a translation agency: PO out, edited by another tool, PO back in."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import polib
import pytest

from kiosk.content.translations.places import pack_texts
from kiosk.content.validate import validate
from tests.content.translations.conftest import msgfmt_check, run, toml_files

COOKING = "products/cooking.toml"
OV60_NAME = f"{COOKING}:products[MV-CO-OV60].name"
OV45_NAME = f"{COOKING}:products[MV-CO-OV45].name"


def export(pack: Path, target: Path) -> polib.POFile:
    code, out, err = run("export-translations", str(pack), "--to", "zh-Hans", "--out", str(target))
    assert code == 0, err
    assert f"into {target}" in out
    return polib.pofile(str(target))  # a second, independent reader


def drop_chinese(pack: Path, rel: str) -> None:
    """The file as a content team half way through: its Chinese texts removed."""
    path = pack / rel
    text = re.sub(r', "zh-Hans" = "(?:[^"\\]|\\.)*"', "", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def zh_share(pack: Path) -> tuple[int, int]:
    rows = {lang: (present, total) for lang, present, total in validate(pack).completeness()}
    return rows["zh-Hans"]


def test_every_text_the_completeness_table_counts_is_offered_under_a_stable_place(
    demo: Path, tmp_path: Path
) -> None:
    laundry = demo / "lookbooks" / "quiet-laundry.toml"
    laundry.write_text(
        laundry.read_text(encoding="utf-8").replace(
            'sku = "MV-KI-PAN1"\n', 'sku = "MV-KI-PAN1"\nlabel = { en = "The pantry" }\n', 1
        ),
        encoding="utf-8",
    )
    catalog = export(demo, tmp_path / "zh.po")
    report = validate(demo, check_images=False)
    assert report.tally is not None
    contexts = [entry.msgctxt for entry in catalog]
    assert len(contexts) == report.tally.total == len(set(contexts))
    for kind in (
        "pack.toml:pack.tagline",
        "pack.toml:attributes[quietness].reason",
        f"{COOKING}:products[MV-CO-OV60].chapters[2].title",
        f"{COOKING}:products[MV-CO-OV60].specs[1].value",
        f"{COOKING}:products[MV-CO-OV60].finishes[bronze].name",
        "questionnaire.toml:questions[",
        "].options[",
        "questionnaire.toml:reasons[",
        "lookbooks/quiet-laundry.toml:title",
        "].hotspots[MV-KI-PAN1].label",
        "care.toml:care[",
    ):
        assert any(kind in c for c in contexts), kind
    pantry = next(e for e in catalog if e.msgctxt.endswith("hotspots[MV-KI-PAN1].label"))
    assert (pantry.msgid, pantry.msgstr) == ("The pantry", "")
    # The same pack exported again names every text the same way.
    assert [e.msgctxt for e in export(demo, tmp_path / "again.po")] == contexts


def test_the_export_is_standard_po(demo: Path, tmp_path: Path) -> None:
    catalog = export(demo, tmp_path / "zh.po")
    assert catalog.metadata["Language"] == "zh_Hans"
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    first = catalog[0]
    assert (first.msgctxt, first.msgid) == (
        "pack.toml:pack.tagline",
        "Made in Lyon since 1924. Made to be lived with.",
    )
    assert first.msgstr == "1924年创立于里昂，为生活而造。"
    msgfmt_check(tmp_path / "zh.po")


def test_a_round_trip_fills_the_chinese_texts_and_completes_the_pack(
    demo: Path, tmp_path: Path
) -> None:
    drop_chinese(demo, COOKING)
    present, total = zh_share(demo)
    assert present < total
    po_file = tmp_path / "zh.po"
    catalog = export(demo, po_file)
    assert sum(1 for e in catalog if not e.msgstr) == total - present
    # The agency's tool fills every entry with its own edited text and saves the file.
    filled: dict[str, str] = {}
    for index, entry in enumerate(catalog):
        entry.msgstr = "新" + entry.msgstr[1:] if entry.msgstr else f"译文{index}"
        filled[entry.msgctxt] = entry.msgstr
    catalog.save(str(po_file))

    code, out, err = run("import-translations", str(demo), str(po_file))

    assert code == 0, out + err
    assert f"zh-Hans: {total} translation(s) applied in " in out
    assert "skipped 0 fuzzy and 0 empty" in out
    assert re.search(r"zh-Hans\s+(\d+)/\1\s+100\.0%", out), out
    assert zh_share(demo) == (total, total)
    now = {t.context: t.current for t in pack_texts(demo, "zh-Hans").texts}
    assert now == filled
    # The files keep their layout: comments, and texts as inline tables of languages.
    pack_toml = (demo / "pack.toml").read_text(encoding="utf-8")
    assert pack_toml.startswith("# Maison Velle demo pack. Format: docs/content-packs.md\n")
    cooking = (demo / COOKING).read_text(encoding="utf-8")
    assert f'name = {{ en = "Atelier 60 Pyrolytic Oven", "zh-Hans" = "{filled[OV60_NAME]}" }}' in (
        cooking
    )
    assert tomllib.loads(cooking)["products"][0]["specs"][0]["value"] == {
        "en": "76 L",
        "zh-Hans": filled[f"{COOKING}:products[MV-CO-OV60].specs[0].value"],
    }


def test_an_entry_whose_source_changed_since_the_export_is_refused(
    demo: Path, tmp_path: Path
) -> None:
    po_file = tmp_path / "zh.po"
    catalog = export(demo, po_file)
    for entry in catalog:
        if entry.msgctxt in (OV60_NAME, OV45_NAME):
            entry.msgstr = "新" + entry.msgstr
    catalog.save(str(po_file))
    cooking = demo / COOKING
    cooking.write_text(
        cooking.read_text(encoding="utf-8").replace(
            'en = "Atelier 60 Pyrolytic Oven"', 'en = "Atelier 60 Pyrolytic Oven, renewed"'
        ),
        encoding="utf-8",
    )

    code, out, _ = run("import-translations", str(demo), str(po_file))

    assert code == 1
    assert f"refused {OV60_NAME}: its source text changed since the export" in out
    assert "exported: 'Atelier 60 Pyrolytic Oven'" in out
    assert "now:      'Atelier 60 Pyrolytic Oven, renewed'" in out
    assert "1 entry(ies) not applied" in out
    names = {t.context: t.current for t in pack_texts(demo, "zh-Hans").texts}
    assert names[OV60_NAME] == "Atelier 60 高温自洁烤箱"  # the old text's translation: not landed
    assert names[OV45_NAME] == "新Essentiel 45 蒸烤一体机"


def test_fuzzy_and_empty_entries_are_skipped_and_unknown_places_named(
    demo: Path, tmp_path: Path
) -> None:
    po_file = tmp_path / "zh.po"
    catalog = export(demo, po_file)
    for entry in catalog:
        if entry.msgctxt == OV60_NAME:
            entry.msgstr = "待定"
            entry.flags.append("fuzzy")
        elif entry.msgctxt == OV45_NAME:
            entry.msgstr = ""
    gone = f"{COOKING}:products[MV-CO-GONE].name"
    catalog.append(polib.POEntry(msgctxt=gone, msgid="A retired oven", msgstr="旧烤箱"))
    catalog.save(str(po_file))
    before = toml_files(demo)

    code, out, _ = run("import-translations", str(demo), str(po_file))

    assert code == 1
    assert "0 translation(s) applied" in out
    assert "skipped 1 fuzzy and 1 empty" in out
    assert f"unknown place {gone}: not in the pack now" in out
    assert toml_files(demo) == before


def _not_po(po_file: Path, catalog: polib.POFile) -> None:
    po_file.write_bytes(
        (Path(__file__).parents[3] / "data/demo-pack/attract/02-salon.jpg").read_bytes()
    )


def _plain_text(po_file: Path, catalog: polib.POFile) -> None:
    po_file.write_text("Dear agency,\nplease find the texts attached.\n", encoding="utf-8")


def _no_language(po_file: Path, catalog: polib.POFile) -> None:
    del catalog.metadata["Language"]
    catalog.save(str(po_file))


def _french(po_file: Path, catalog: polib.POFile) -> None:
    catalog.metadata["Language"] = "fr"
    catalog.save(str(po_file))


def _english(po_file: Path, catalog: polib.POFile) -> None:
    catalog.metadata["Language"] = "en"
    catalog.save(str(po_file))


def _too_long(po_file: Path, catalog: polib.POFile) -> None:
    for entry in catalog:
        if entry.msgctxt == OV45_NAME:
            entry.msgstr = "新名字"  # a good one: must not land either
        if entry.msgctxt == OV60_NAME:
            entry.msgstr = "长" * 121
    catalog.save(str(po_file))


def _other_pack(po_file: Path, catalog: polib.POFile) -> None:
    catalog.metadata["Project-Id-Version"] = "another-brand 2024.2"
    catalog.save(str(po_file))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_not_po, "is not a readable PO file"),
        (_plain_text, "is not a readable PO file: Unknown or misformatted keyword"),
        (_no_language, "is not a PO file from export-translations (it names no Language)"),
        (_french, "the pack does not declare 'fr'; its languages are en, zh-Hans"),
        (_english, "'en' is the pack's default language, the source texts"),
        (
            _too_long,
            "its translations would break the pack, so nothing was changed: products/cooking"
            ".toml: products[0].name.zh-Hans: is 121 characters long; at most 120 are allowed",
        ),
        (_other_pack, "was exported from pack 'another-brand', not 'maison-velle'"),
    ],
)
def test_a_bad_file_is_refused_and_the_pack_left_unchanged(
    demo: Path, tmp_path: Path, spoil: object, message: str
) -> None:
    po_file = tmp_path / "zh.po"
    catalog = export(demo, po_file)
    spoil(po_file, catalog)  # type: ignore[operator]
    before = toml_files(demo)

    code, _, err = run("import-translations", str(demo), str(po_file))

    assert code == 1
    assert err.startswith("import-translations refused: ")
    assert message in err
    assert toml_files(demo) == before
    assert not list(demo.rglob(".*.saving"))


def test_usage_and_refusals_of_the_command_line(demo: Path, tmp_path: Path) -> None:
    assert run("export-translations", "--to", "zh-Hans")[0] == 2
    assert run("import-translations", str(demo))[0] == 2
    code, _, err = run("export-translations", str(demo), "--to", "fr")
    assert code == 1
    assert "the pack does not declare 'fr'" in err
    code, _, err = run("import-translations", str(demo), str(tmp_path / "missing.po"))
    assert code == 1
    assert "missing.po: cannot be read: No such file or directory" in err
    (demo / "pack.toml").write_text("[pack\n", encoding="utf-8")
    code, _, err = run("export-translations", str(demo), "--to", "zh-Hans")
    assert code == 1
    assert "the pack has 1 error(s): error: pack.toml" in err


def test_the_kiosk_command_exports_to_standard_output_and_refuses_with_exit_1(
    demo: Path, tmp_path: Path
) -> None:
    kiosk = [str(Path(sys.executable).parent / "kiosk")]  # the installed command
    done = subprocess.run(
        [*kiosk, "content", "export-translations", str(demo), "--to", "zh-Hans"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 0, done.stderr
    assert 'msgctxt "pack.toml:pack.tagline"' in done.stdout
    assert "709 entries (0 to translate)" in done.stderr
    bad = tmp_path / "bad.po"
    bad.write_text("not a translation", encoding="utf-8")
    done = subprocess.run(
        [*kiosk, "content", "import-translations", str(demo), str(bad)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 1
    assert "import-translations refused: " in done.stderr


def test_without_babel_as_in_the_packaged_kiosk_the_commands_say_where_to_run_them(
    demo: Path, tmp_path: Path
) -> None:
    # the packaged build leaves Babel out (packaging/maison-kiosk.spec): the same as not installed
    blocked = (
        "import sys; sys.modules['babel'] = None; from main import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    for command in (
        ["export-translations", str(demo), "--to", "zh-Hans"],
        ["import-translations", str(demo), str(tmp_path / "any.po")],
    ):
        done = subprocess.run(
            [sys.executable, "-c", blocked, "content", *command],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parents[3],
        )
        assert done.returncode == 2, done.stderr
        assert "not part of the packaged kiosk" in done.stderr
        assert "Traceback" not in done.stderr

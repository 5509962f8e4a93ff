"""Every screen looks as it did: each one, in each language and orientation, in the state of
tests/ui/screen_states.py, compared with its stored picture in tests/ui/screens_baseline/.

A screen that changed fails the test by name, with a before | after | difference picture in
build/screenshots/compare/. A change that was meant (a consistency fix) is listed with its
reason in tests/ui/screens_baseline/CHANGED.md, or for one run in SCREENS_CHANGED_OK: the test
then passes and still draws the comparison. `make screens-baseline` stores the new pictures.

One test per language and orientation, so pytest-xdist spreads them over the cores; each
renders in a process of its own (tests/ui/screen_render.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import SCREENSHOTS
from tests.ui.screen_compare import allowed_patterns, compare, comparison_image, why_allowed
from tests.ui.screen_render import BASELINE, LANGUAGES, ORIENTATIONS, expected_names, render
from tests.ui.screen_states import STATES

COMPARE = SCREENSHOTS / "compare"
UPDATE = (
    "if the change is meant, say why in tests/ui/screens_baseline/CHANGED.md "
    "or store the new pictures with `make screens-baseline`"
)


@pytest.mark.slow
@pytest.mark.parametrize("orientation", list(ORIENTATIONS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_looks_as_it_did(language: str, orientation: str, tmp_path: Path) -> None:
    names = expected_names(language, orientation)
    for old in COMPARE.glob(f"*-{language}-{orientation}.png"):
        old.unlink()  # the folder shows this run's changes only
    render(tmp_path, language, orientation)
    allowed = allowed_patterns()
    failures, intended = [], []
    for name in names:
        before, after = BASELINE / name, tmp_path / name
        assert after.exists(), f"{name} was not rendered"
        if not before.exists():
            failures.append(f"{name}: no stored picture (a new screen?)")
            continue
        difference = compare(name.removesuffix(".png"), before, after)
        if not difference.significant:
            continue
        picture = comparison_image(before, after, COMPARE / name)
        why = why_allowed(difference.name, allowed)
        line = f"{difference.describe()} -> {picture.relative_to(SCREENSHOTS.parent.parent)}"
        if why is None:
            failures.append(line)
        else:
            intended.append(f"{line} (intended: {why})")
    stale = sorted(
        p.name for p in BASELINE.glob(f"*-{language}-{orientation}.png") if p.name not in set(names)
    )
    failures += [f"{name}: stored, but no such screen is rendered any more" for name in stale]
    for line in intended:
        print(line)
    assert not failures, "screens changed:\n" + "\n".join(failures) + f"\n({UPDATE})"


def registered_screens() -> set[str]:
    """The names of the screens the kiosk builds: the registry's (``module:Class`` strings
    or classes) and attract."""
    from ui.screens.registry import SCREENS

    names = {"attract"}
    for entry in SCREENS:
        if isinstance(entry, str):
            module, _, name = entry.partition(":")
            entry = getattr(importlib.import_module(module), name)
        names.add(entry.NAME)
    return names


def test_every_screen_has_a_state_to_be_rendered_in() -> None:
    shown = {state.name.split("-")[0] for state in STATES}
    missing = registered_screens() - shown
    assert not missing, f"add a state for {sorted(missing)} to tests/ui/screen_states.py"

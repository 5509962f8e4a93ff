"""Validating a whole pack: the reader's findings plus the images, and the final model.

``validate`` never raises for a bad pack: it returns every issue so the command line can
print them all. ``load_pack`` is the strict form the kiosk uses: errors refuse the pack.
The reading and the checks (kiosk.content.validation: the TOML reader, the documents, care,
the image checks) are loaded when a pack is validated, not when this package is imported:
the kiosk's start reads the installed pack's snapshot and needs only the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.errors import Issue, PackInvalid, Severity
from kiosk.content.model import ContentPack
from kiosk.values import Value, value

if TYPE_CHECKING:
    from kiosk.content.fields import TranslationTally


@value
class Report(Value):
    """The outcome of validating a pack folder: ``pack`` is None when it has errors."""

    root: Path
    pack: ContentPack | None
    issues: tuple[Issue, ...]
    tally: TranslationTally | None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.pack is not None

    def care_coverage(self) -> list[tuple[str, int, int]]:
        """``(language, products with a care guide in it, products)`` per language: what
        the after-purchase page can show. A plain (neutral) text counts for the default
        language only: the others would be shown it untranslated."""
        if self.pack is None:
            return []
        pack = self.pack
        guides = [pack.care_for(sku) for sku in pack.products]
        return [
            (
                lang,
                sum(
                    1 for g in guides if g and g.title.values.get(lang) and g.body.values.get(lang)
                ),
                len(guides),
            )
            for lang in pack.info.languages
        ]

    def completeness(self) -> list[tuple[str, int, int]]:
        """``(language, present, total)`` for each declared language."""
        if self.tally is None:
            return []
        return [(lang, self.tally.present[lang], self.tally.total) for lang in self.tally.languages]


def validate(root: Path, check_images: bool = True) -> Report:
    """Read and check the pack folder ``root``; never raises for a bad pack."""
    from kiosk.content.validation import read_and_check

    return read_and_check(root, check_images)


def load_pack(root: Path) -> ContentPack:
    """The validated pack in ``root``; raises ``PackInvalid`` listing every issue."""
    report = validate(root)
    if report.pack is None:
        raise PackInvalid(report.issues, str(root))
    return report.pack

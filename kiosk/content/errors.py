"""Errors of the content package.

A content pack is authored by people at head office and dropped in place by store IT, so
every problem must name the file, the place inside it and what is wrong: the person reading
the message is not the person who wrote the code. ``ContentError`` is the one base the UI
and the command line catch; the lead may re-base it on the kiosk-wide error type.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from kiosk.errors import KioskError
from kiosk.values import Value, value


class Severity(StrEnum):
    """Errors refuse a pack; warnings are shown but the pack is still used."""

    ERROR = "error"
    WARNING = "warning"


@value
class Issue(Value):
    """One finding of validation: which file, where inside it, and what is wrong.

    ``file`` is relative to the pack folder (forward slashes) so messages read the same on
    every machine; ``path`` is a dotted/indexed path inside the document such as
    ``products[3].attributes.quietness`` (empty when the whole file is concerned).
    """

    file: str
    path: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{self.severity.value}: {where}: {self.message}"


class ContentError(KioskError):
    """Base of every content problem the kiosk expects and explains to a person."""


class PackInvalid(ContentError):
    """The pack has at least one error and is refused; ``issues`` holds every finding."""

    def __init__(self, issues: Iterable[Issue], pack_path: str = "") -> None:
        self.issues: list[Issue] = list(issues)
        self.pack_path = pack_path
        errors = [i for i in self.issues if i.is_error]
        head = f"content pack {pack_path} refused" if pack_path else "content pack refused"
        lines = [f"{head}: {len(errors)} error(s)"] + [str(i) for i in errors[:20]]
        if len(errors) > 20:
            lines.append(f"... and {len(errors) - 20} more")
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]


class ImageError(ContentError):
    """An image cannot be used (not an image, truncated, too large, ...).

    The caller shows a placeholder instead; ``file`` names the image so the content team can
    replace it.
    """

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")

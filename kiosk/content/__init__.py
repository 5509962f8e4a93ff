"""Content packs: the brand's catalogue, stories, lookbooks, questionnaire and images.

The public surface, used by the UI, the needs matcher and the command line:

- ``validate(path) -> Report`` and ``load_pack(path) -> ContentPack`` (raises PackInvalid);
- ``PackStore`` installs packs atomically and switches only between visits;
- ``RenditionCache.rendition(path, size_class) -> Path`` for the UI's image workers.
"""

from kiosk.content.errors import ContentError, ImageError, Issue, PackInvalid, Severity
from kiosk.content.images import SIZE_CLASSES, RenditionCache
from kiosk.content.model import (
    AnswerOption,
    Attribute,
    CaseCategory,
    Chapter,
    ContentPack,
    Hotspot,
    LocalText,
    Lookbook,
    Product,
    Question,
    Scene,
)
from kiosk.content.validate import Report, load_pack, validate

__all__ = [
    "SIZE_CLASSES",
    "AnswerOption",
    "Attribute",
    "CaseCategory",
    "Chapter",
    "ContentError",
    "ContentPack",
    "Hotspot",
    "ImageError",
    "Issue",
    "LocalText",
    "Lookbook",
    "PackInvalid",
    "Product",
    "Question",
    "RenditionCache",
    "Report",
    "Scene",
    "Severity",
    "load_pack",
    "validate",
]

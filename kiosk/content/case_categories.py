"""pack.toml's optional ``[[case_categories]]``: what a service-recovery case can be about.

The customer chooses one at farewell ("waiting", "delivery"...) and the case records its id,
which the dashboard counts by; the id fits the case's column (``MAX_ID``). A pack that
declares none offers ``DEFAULT_CASE_CATEGORIES`` (product, service, waiting, delivery,
other, in English and Simplified Chinese); one that declares an empty list is refused, since
a customer would then have nothing to choose.
"""

from __future__ import annotations

from typing import Any

from kiosk.content.fields import Fields
from kiosk.content.model import CaseCategory

KEY = "case_categories"
MAX_ID = 32
"""Characters of a case category id (``cases.category`` is 32 wide)."""


def read_case_categories(f: Fields, doc: dict[str, Any]) -> tuple[CaseCategory, ...] | None:
    """The declared categories, or None when the pack declares none (the defaults apply)."""
    if KEY not in doc:
        return None
    found: list[CaseCategory] = []
    for path, t in f.tables(doc, KEY, ""):
        ident, label = f.ident(t, "id", path), f.local(t, "label", path)
        if ident is not None and len(ident) > MAX_ID:
            f.error(f.join(path, "id"), f"a case category id has at most {MAX_ID} characters")
            continue
        if ident is not None and any(c.id == ident for c in found):
            f.error(f.join(path, "id"), f"duplicate case category id {ident!r}")
            continue
        if ident and label:
            found.append(CaseCategory(ident, label))
    if isinstance(doc.get(KEY), list) and not doc[KEY]:
        f.error(KEY, "declare at least one case category, or leave the table out for the defaults")
    return tuple(found)

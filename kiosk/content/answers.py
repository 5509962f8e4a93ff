"""The questionnaire's ``[[reasons]]``: a recommendation's reason in the customer's own terms.

A reason names the answer it speaks for (``answer = "lifestyle.host"``) and, usually, the
attribute of that answer it explains (``attribute = "entertaining"``); the matcher shows it on
a piece that earns its place through that answer and attribute. Read after the questions, so a
reason naming an answer that does not exist, or an attribute that answer does not ask for, is
refused with the file and the place: such a reason would silently never be shown.
"""

from __future__ import annotations

from typing import Any

from kiosk.content.documents import RawPack
from kiosk.content.fields import Fields
from kiosk.content.limits import TEXT_LIMITS
from kiosk.content.model import Reason


def read_reasons(f: Fields, doc: dict[str, Any], raw: RawPack, declared: bool) -> None:
    """Append each well-formed reason of ``doc`` to ``raw.reasons``; report the rest."""
    options = {(q.id, o.id): o for q in raw.questions for o in q.options}
    seen: set[tuple[str, str, str | None]] = set()
    for path, r in f.tables(doc, "reasons", "", required=False):
        answer = f.text_field(r, "answer", path)
        attribute = f.text_field(r, "attribute", path, required=False)
        text = f.local(r, "text", path, limit=TEXT_LIMITS["reason"])
        if answer is None:
            continue
        question, _, option_id = answer.partition(".")
        option = options.get((question, option_id))
        if option is None:
            f.error(
                f.join(path, "answer"),
                f"unknown answer {answer!r} (write it as question.option, "
                "both declared in this file)",
            )
            continue
        if attribute is not None:
            if declared and attribute not in raw.attributes:
                f.error(
                    f.join(path, "attribute"),
                    f"unknown attribute {attribute!r} (not declared in pack.toml)",
                )
                continue
            if option.weights.get(attribute, 0.0) <= 0:
                f.error(
                    f.join(path, "attribute"),
                    f"answer {answer!r} does not ask for {attribute!r} "
                    "(it is not among its positive weights)",
                )
                continue
        elif not option.categories:
            f.error(
                f.join(path, "attribute"),
                f"is required: answer {answer!r} names no categories to speak for",
            )
            continue
        key = (question, option_id, attribute)
        if key in seen:
            f.error(path, f"a second reason for {answer!r} and {attribute or 'its rooms'!r}")
            continue
        seen.add(key)
        if text is not None:
            raw.reasons.append(Reason(question, option_id, attribute, text))

"""A small store whose figures were worked out by hand (see EXPECTED), for SQLite and PostgreSQL.

The store's clock is fixed at NOW (16:00 in Paris, UTC+1 in November). Visits, in Paris time:

- V1 today 12:00, the whole journey: a path, needs, a story (product A viewed twice, its
  heritage chapter), a look (L1/s1), product B, keeps A, my selection, the hand-off, a link
  opened on the phone, a contact consent and an appointment; 300 s; NPS 10, CES 6.
- V2 today 13:00: a language, needs skipped, a story (A; heritage and design), keeps B
  without viewing it; 120 s; NPS 8, CES 5.
- V3 today 14:00: touched attract, then nothing (idle): no stage event; 105 s; no answers.
- V4 today 15:00, still open: a path, a look viewed (L1/s2) without a lookbook stage event
  (a record only the lookbook screen makes, after its stage: not counted as the stage),
  product A; NPS 0, CES 2.
- V9 today 00:30 (23:30 UTC the day before): the first touch only; 30 s.
- V10 yesterday 23:30 (in the 7 days, not today): a path; 200 s; NPS 7.
- V5 three days ago: my selection, keeps C, views C; 600 s; NPS 9, CES 7.
- V6 twenty days ago: needs, a question answered; 60 s; NPS 6, CES 1.
- V7 another store, today: everything; never counted. V8 forty days ago: never counted.

Follow-up tasks: due yesterday (open), due tonight (open), due tomorrow (open), the appointment
(open, due next week), done today, done ten days ago, closed today by a consent withdrawal,
another store's overdue task.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from kiosk.db.models import Consent, FollowupLink, FollowupTask, SelectionItem, Visit, VisitEvent

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
STORE = "paris-faubourg"
# products, a lookbook and scenes of the demo pack, so the dashboard can name them
A, B, C = "MV-LI-AC1", "MV-LI-SF3", "MV-LT-FL1"
BOOK, S1, S2 = "evening-living", "salon", "reading-corner"


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
    return NOW + dt.timedelta(days=days, hours=hours, minutes=minutes)


class Builder:
    def __init__(self, session: Session) -> None:
        self.s = session

    def visit(
        self,
        started: dt.datetime,
        seconds: float | None,
        events: list[tuple[str, dict[str, Any]]],
        nps: int | None = None,
        ces: int | None = None,
        store: str = STORE,
        end_reason: str = "completed",
    ) -> uuid.UUID:
        vid = uuid.uuid4()
        ended = None if seconds is None else started + dt.timedelta(seconds=seconds)
        self.s.add(
            Visit(
                id=vid,
                store_id=store,
                kiosk_id="k1",
                started_at=started,
                ended_at=ended,
                end_reason=None if ended is None else end_reason,
                nps=nps,
                ces=ces,
            )
        )
        self.s.flush()
        all_events = [("visit_started", {"language": "en"}), *events]
        if ended is not None:
            all_events += [
                ("stage_left", {"stage": "greeting", "dwell_ms": 1}),
                ("visit_ended", {}),
            ]
        for seq, (kind, payload) in enumerate(all_events, start=1):
            self.s.add(
                VisitEvent(
                    visit_id=vid,
                    seq=seq,
                    kind=kind,
                    payload=payload,
                    at=started + dt.timedelta(seconds=seq),
                )
            )
            if kind == "selection_added":
                self.s.add(SelectionItem(visit_id=vid, sku=payload["sku"], added_at=started))
        return vid

    def task(
        self,
        due: dt.datetime,
        completed: dt.datetime | None = None,
        outcome: str | None = None,
        kind: str = "thank_you",
        store: str = STORE,
        visit_id: uuid.UUID | None = None,
    ) -> None:
        # a Core insert names only these columns: the store is also built at old revisions
        # (tests/insights/test_summaries.py), before later migrations added columns
        self.s.execute(
            insert(FollowupTask).values(
                store_id=store,
                kind=kind,
                due_at=due,
                completed_at=completed,
                outcome=outcome,
                visit_id=visit_id,
                details={},
            )
        )


def stage(name: str) -> tuple[str, dict[str, Any]]:
    return ("stage_entered", {"stage": name})


def the_whole_journey(
    b: Builder, started: dt.datetime, store: str = STORE, nps: int = 10
) -> uuid.UUID:
    vid = b.visit(
        started,
        300,
        [
            ("path_chosen", {"path": "browse"}),
            stage("needs"),
            ("question_answered", {"question": "room", "answer": ["kitchen"]}),
            stage("story"),
            ("product_viewed", {"sku": A, "source": "recommendations"}),
            ("chapter_read", {"sku": A, "chapter": "heritage", "ms": 5000}),
            ("product_viewed", {"sku": A, "source": "selection"}),
            stage("lookbook"),
            ("look_viewed", {"lookbook": BOOK, "scene": S1}),
            ("product_viewed", {"sku": B, "source": "lookbook"}),
            ("selection_added", {"sku": A}),
            stage("selection"),
            stage("handoff"),
            ("link_issued", {"link_id": "x"}),
            ("feedback_given", {"question": "nps", "score": nps}),
        ],
        nps=nps,
        ces=6,
        store=store,
    )
    b.s.add(
        FollowupLink(
            visit_id=vid,
            token=uuid.uuid4().hex,
            fallback_code=uuid.uuid4().hex[:10],
            created_at=started,
            expires_at=started + dt.timedelta(days=30),
            first_opened_at=started + dt.timedelta(minutes=20),
        )
    )
    for purpose in ("followup_contact", "appointment"):
        # Core, naming its columns: these figures are also built on databases migrated to
        # older revisions (tests/insights/test_summaries.py), whose consents have no store yet
        b.s.execute(
            insert(Consent).values(
                visit_id=vid,
                purpose=purpose,
                wording_version="v1",
                language="en",
                given_via="page",
                given_at=started + dt.timedelta(minutes=21),
            )
        )
    b.task(at(days=6), kind="appointment", store=store, visit_id=vid)
    return vid


def build(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        b = Builder(s)
        the_whole_journey(b, at(hours=-4))  # V1
        b.visit(  # V2
            at(hours=-3),
            120,
            [
                ("language_switched", {"from": "en", "to": "zh-Hans"}),
                stage("needs"),
                ("needs_skipped", {"question": "room"}),
                stage("story"),
                ("product_viewed", {"sku": A, "source": "recommendations"}),
                ("chapter_read", {"sku": A, "chapter": "heritage", "ms": 800}),
                ("chapter_read", {"sku": A, "chapter": "design", "ms": 4000}),
                ("selection_added", {"sku": B}),
            ],
            nps=8,
            ces=5,
        )
        b.visit(at(hours=-2), 105, [], end_reason="idle")  # V3
        b.visit(  # V4, still open
            at(hours=-1),
            None,
            [
                ("path_chosen", {"path": "browse"}),
                ("look_viewed", {"lookbook": BOOK, "scene": S2}),
                ("product_viewed", {"sku": A, "source": "lookbook"}),
            ],
            nps=0,
            ces=2,
        )
        b.visit(at(hours=-15, minutes=-30), 30, [])  # V9: 00:30 in Paris today
        b.visit(at(hours=-16, minutes=-30), 200, [("path_chosen", {"path": "browse"})], nps=7)
        b.visit(  # V5
            at(days=-3),
            600,
            [
                stage("selection"),
                ("selection_added", {"sku": C}),
                ("product_viewed", {"sku": C, "source": "selection"}),
            ],
            nps=9,
            ces=7,
        )
        b.visit(  # V6
            at(days=-20),
            60,
            [stage("needs"), ("question_answered", {"question": "room", "answer": ["salon"]})],
            nps=6,
            ces=1,
        )
        the_whole_journey(b, at(hours=-2), store="elsewhere", nps=0)  # V7
        b.visit(at(days=-40), 50, [("path_chosen", {"path": "browse"})], nps=0, ces=1)  # V8

        b.task(at(days=-1))  # due yesterday, open
        b.task(at(hours=5))  # due tonight (21:00 in Paris), open
        b.task(at(hours=21))  # due tomorrow at noon
        b.task(at(days=-2), completed=at(hours=-6), outcome="reached")
        b.task(at(days=-12), completed=at(days=-10), outcome="left_message")
        b.task(at(days=1), completed=at(hours=-1), outcome="consent_withdrawn")
        b.task(at(days=-3), store="elsewhere")


EXPECTED: dict[str, dict[str, Any]] = {
    "today": {
        "visits": 5,
        "median_dwell_s": 112.5,  # 30, 105 | 120, 300 (V4 is still open)
        "funnel": [5, 3, 2, 2, 1, 2, 1, 1, 1, 1],
        "nps": (1, 1, 1, 0.0),  # promoters, passives, detractors, score
        "ces": (13 / 3, 3),
        "top_products": [(A, 3, 1), (B, 1, 1)],
        "top_looks": [(f"{BOOK}/{S2}", 1), (f"{BOOK}/{S1}", 1)],  # a tie: by key
        "top_chapters": [(f"{A}/heritage", 2), (f"{A}/design", 1)],
        "followups": (2, 1),
    },
    "7d": {
        "visits": 7,
        "median_dwell_s": 160.0,  # 30, 105, 120 | 200, 300, 600
        "funnel": [7, 5, 2, 2, 1, 3, 1, 1, 1, 1],
        "nps": (2, 2, 1, 20.0),
        "ces": (5.0, 4),
        "top_products": [(A, 3, 1), (B, 1, 1), (C, 1, 1)],
        "top_looks": [(f"{BOOK}/{S2}", 1), (f"{BOOK}/{S1}", 1)],  # a tie: by key
        "top_chapters": [(f"{A}/heritage", 2), (f"{A}/design", 1)],
        "followups": (2, 1),
    },
    "30d": {
        "visits": 8,
        "median_dwell_s": 120.0,  # 30, 60, 105, 120, 200, 300, 600
        "funnel": [8, 6, 3, 2, 1, 3, 1, 1, 1, 1],
        "nps": (2, 2, 2, 0.0),
        "ces": (4.2, 5),
        "top_products": [(A, 3, 1), (B, 1, 1), (C, 1, 1)],
        "top_looks": [(f"{BOOK}/{S2}", 1), (f"{BOOK}/{S1}", 1)],  # a tie: by key
        "top_chapters": [(f"{A}/heritage", 2), (f"{A}/design", 1)],
        "followups": (2, 2),
    },
}

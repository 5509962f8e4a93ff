"""A small store after the sale, whose figures were worked out by hand (AFTER_SALE_EXPECTED).

The clock and zone are those of ``tests.insights.fixtures`` (NOW: 16:00 in Paris on
2026-11-25). The periods, in UTC: today from 2026-11-24 23:00, 7 days from 11-18 23:00,
30 days from 10-26 23:00, each to NOW.

Visits (farewell NPS): V1 20 days ago, 10; V2 10 days ago, 7; V3 two hours ago, none;
V4 three hours ago, 0 (no sale); V5 40 days ago, 10 (outside every period).

Purchases:
- P1 20 days ago, in V1: delivery done 15 days ago, installation done 14 days ago.
- P2 10 days ago, in V2: delivery and installation booked, not done.
- P3 5 days ago, no visit: delivery done 2 days ago, installation done and then cancelled.
- P4 2 hours ago, in V3: nothing yet.
- P5 3 days ago: voided (never counted). P6 100 days ago: delivery done 95 days ago.
- P7 another store's, yesterday (never counted).

Scores (given): purchase P1 10 (19 d ago), P2 9 (9 d), P3 6 (4 d), P4 8 (1 h); delivery P1 3
(15 d), P3 10 (1 d); ninety_days P6 9 (6 d); purchase P6 0 (99 d: outside); another
store's 0 (1 d: never counted).

Invitations: I1 made 18 days ago, redeemed 16 days ago; I2 made 6 days ago; I3 made 35 days
ago, redeemed 4 days ago; I4 made an hour ago; another store's yesterday.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import score_id
from kiosk.db.models import Invitation, Purchase, ServiceBooking, TouchpointScore
from kiosk.handoff.links import new_code, new_token
from tests.insights.fixtures import STORE, Builder, at

OTHER = "lyon-bellecour"
ITEMS = [{"sku": "MV-CO-OV60", "quantity": 1, "delivery": True, "installation": True}]

# period -> touchpoint -> (answers, nps, reached, share); then purchases and invitations
AFTER_SALE_EXPECTED: dict[str, dict[str, Any]] = {
    "30d": {
        "purchases": 4,
        "visit": (3, 0.0, 3, 0.75),  # 10, 7, 0: one promoter, one detractor of three
        "purchase": (4, 25.0, 4, 1.0),  # 10, 9, 6, 8: (2 - 1) / 4
        "delivery": (2, 0.0, 2, 0.5),  # 3, 10; P1 and P3 delivered
        "installation": (0, None, 1, 0.25),  # P1 installed; P3's was cancelled
        "ninety_days": (1, 100.0, 0, 0.0),  # P6's 9; no purchase of the period is 90 days old
        "invitations": (3, 2),  # made: I1, I2, I4; redeemed: I1, I3
    },
    "7d": {
        "purchases": 2,  # P3, P4
        "visit": (1, -100.0, 1, 0.5),  # V4's 0
        "purchase": (2, -50.0, 2, 1.0),  # 6, 8: (0 - 1) / 2
        "delivery": (1, 100.0, 1, 0.5),  # P3's 10
        "installation": (0, None, 0, 0.0),
        "ninety_days": (1, 100.0, 0, 0.0),
        "invitations": (2, 1),  # made: I2, I4; redeemed: I3
    },
    "today": {
        "purchases": 1,  # P4
        "visit": (1, -100.0, 1, 1.0),
        "purchase": (1, 0.0, 1, 1.0),  # 8: a passive
        "delivery": (0, None, 0, 0.0),
        "installation": (0, None, 0, 0.0),
        "ninety_days": (0, None, 0, 0.0),
        "invitations": (1, 0),
    },
}

WINDOW_120_DAYS = {
    # [NOW - 120 days, NOW): P6 comes in, 90 days past, delivered
    "purchases": 5,
    "delivery": (2, 0.0, 3, 0.6),
    "ninety_days": (1, 100.0, 1, 0.2),
    "purchase": (5, 0.0, 5, 1.0),  # 10, 9, 6, 8 and P6's 0: (2 - 2) / 5
}


def build_after_sale(engine: Engine) -> dict[str, uuid.UUID]:
    with Session(engine) as s, s.begin():
        b = Builder(s)
        v1 = b.visit(at(days=-20), 60, [], nps=10)
        v2 = b.visit(at(days=-10), 60, [], nps=7)
        v3 = b.visit(at(hours=-2), 60, [])
        b.visit(at(hours=-3), 60, [], nps=0)
        b.visit(at(days=-40), 60, [], nps=10)

        def sale(when: dt.datetime, visit: uuid.UUID | None, **extra: Any) -> uuid.UUID:
            row = Purchase(
                id=uuid.uuid4(),
                store_id=extra.pop("store", STORE),
                visit_id=visit,
                items=ITEMS,
                created_at=when,
                **extra,
            )
            s.add(row)
            s.flush()
            return row.id

        def service(purchase: uuid.UUID, kind: str, done: dt.datetime | None, **extra: Any) -> None:
            s.add(
                ServiceBooking(
                    id=uuid.uuid4(),
                    store_id=STORE,
                    purchase_id=purchase,
                    service=kind,
                    day=(done or at(days=3)).date(),
                    slot="morning",
                    place=0,  # one service a day each here
                    status="done" if done else "booked",
                    booked_via="associate",
                    done_at=done,
                    **extra,
                )
            )
            s.flush()

        p1 = sale(at(days=-20), v1)
        p2 = sale(at(days=-10), v2)
        p3 = sale(at(days=-5), None)
        p4 = sale(at(hours=-2), v3)
        sale(at(days=-3), None, cancelled_at=at(days=-2))
        p6 = sale(at(days=-100), None)
        p7 = sale(at(days=-1), None, store=OTHER)
        service(p1, "delivery", at(days=-15))
        service(p1, "installation", at(days=-14))
        service(p2, "delivery", None)
        service(p2, "installation", None)
        service(p3, "delivery", at(days=-2))
        service(p3, "installation", at(days=-2, hours=1), cancelled_at=at(days=-1))
        service(p6, "delivery", at(days=-95))

        def score(touchpoint: str, purchase: uuid.UUID, value: int, when: dt.datetime) -> None:
            s.add(
                TouchpointScore(
                    id=score_id(touchpoint, purchase),
                    store_id=OTHER if purchase == p7 else STORE,
                    touchpoint=touchpoint,
                    purchase_id=purchase,
                    score=value,
                    given_via="page",
                    given_at=when,
                )
            )

        score("purchase", p1, 10, at(days=-19))
        score("purchase", p2, 9, at(days=-9))
        score("purchase", p3, 6, at(days=-4))
        score("purchase", p4, 8, at(hours=-1))
        score("delivery", p1, 3, at(days=-15))
        score("delivery", p3, 10, at(days=-1))
        score("ninety_days", p6, 9, at(days=-6))
        score("purchase", p6, 0, at(days=-99))
        score("purchase", p7, 0, at(days=-1))

        def invitation(made: dt.datetime, redeemed: dt.datetime | None, store: str = STORE) -> None:
            s.add(
                Invitation(
                    store_id=store,
                    token=new_token(),
                    code=new_code(),
                    created_at=made,
                    expires_at=made + dt.timedelta(days=60),
                    redeemed_at=redeemed,
                    redeemed_via="page" if redeemed else None,
                )
            )

        invitation(at(days=-18), at(days=-16))
        invitation(at(days=-6), None)
        invitation(at(days=-35), at(days=-4))
        invitation(at(hours=-1), None)
        invitation(at(days=-1), None, OTHER)
    return {"p1": p1, "p6": p6}

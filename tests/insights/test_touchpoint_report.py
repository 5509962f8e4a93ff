"""``kiosk report`` carries the after-sale figures: NPS per touchpoint with its answers (an
empty value where nobody answered, never 0), purchases reaching each touchpoint and their
percentage, invitations sent and redeemed, as counted by hand."""

from __future__ import annotations

from tests.insights import test_report as base
from tests.insights.after_sale_fixtures import AFTER_SALE_EXPECTED, build_after_sale

env, paris = base.env, base.paris  # the fixtures: this kiosk, the store's zone (Paris)


def shown(value: float | int | None) -> str:
    """A figure as the report writes it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def test_the_report_gives_the_after_sale_figures_as_by_hand(env, paris, capsys):  # type: ignore[no-untyped-def]
    engine = base.local_engine(env)
    build_after_sale(engine)
    engine.dispose()

    code, rows, _ = base.report(capsys)

    assert code == 0
    for period, expected in AFTER_SALE_EXPECTED.items():

        def got(section: str, name: str, period: str = period) -> str:
            return str(base.figure(rows, period, section, name))

        assert got("after_sale", "purchases") == str(expected["purchases"])
        for touchpoint in ("visit", "purchase", "delivery", "installation", "ninety_days"):
            answers, nps, reached, share = expected[touchpoint]
            assert got("touchpoint_nps", touchpoint) == shown(nps), (period, touchpoint)
            assert got("touchpoint_answers", touchpoint) == str(answers)
            assert got("touchpoint_reached", touchpoint) == str(reached)
            assert got("touchpoint_reached_percent", touchpoint) == shown(share * 100)
        sent, redeemed = expected["invitations"]
        assert (got("invitations", "sent"), got("invitations", "redeemed")) == (
            str(sent),
            str(redeemed),
        )


def test_without_a_sale_the_after_sale_figures_are_empty_not_zero(env, paris, capsys):  # type: ignore[no-untyped-def]
    base.local_engine(env).dispose()
    code, rows, _ = base.report(capsys, "--period", "today")
    assert code == 0
    assert base.figure(rows, "today", "touchpoint_nps", "delivery") == ""
    assert base.figure(rows, "today", "touchpoint_reached_percent", "delivery") == ""
    assert base.figure(rows, "today", "touchpoint_answers", "delivery") == "0"
    assert base.figure(rows, "today", "after_sale", "purchases") == "0"

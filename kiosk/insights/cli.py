"""``kiosk report``: the store dashboard's figures as CSV, for a spreadsheet or a head office.

One row per figure: ``period, section, name, value`` (the definitions are in
``kiosk/insights/dashboard.py``). It reads the store database when one is configured and answers;
otherwise this kiosk's own records, and says so on standard error. Products, looks and
chapters are named by their stable keys (SKU, ``lookbook/scene``, ``sku/chapter``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from kiosk.db.models import utcnow
from kiosk.db.reads import Scope, reader_for
from kiosk.errors import KioskError
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period, StoreFigures
from kiosk.insights.outreach import OutreachFigure
from kiosk.insights.recovery import MIN_TO_COMPARE, Recovery
from kiosk.insights.touchpoints import AfterSaleFigures
from kiosk.station.config import Config
from kiosk.station.place import store_zone
from kiosk.station.runtime import open_database

CHOICES: dict[str, tuple[Period, ...]] = {
    "today": (Period.TODAY,),
    "7d": (Period.WEEK,),
    "30d": (Period.MONTH,),
    "all-three": tuple(Period),
}
HEADER = ("period", "section", "name", "value")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "report",
        help="the store dashboard's figures as CSV",
        description="Visits, median dwell, the journey funnel, NPS, CES, top products, looks "
        "and story chapters, follow-ups due and done, service recovery (cases), after the sale "
        "(NPS per touchpoint, purchases reaching each, invitations), outreach done and due per "
        "associate; one row per figure.",
    )
    p.add_argument(
        "--period",
        choices=list(CHOICES),
        default="all-three",
        help="today, the last 7 or 30 days (local time), or all three (the default)",
    )
    p.add_argument(
        "--output", type=Path, metavar="FILE.csv", help="write here instead of standard output"
    )
    p.add_argument(
        "--chain",
        action="store_true",
        help="every store's figures from the headquarters database, a store per row "
        "(kiosk/insights/chain.py; needs --hq-url or KIOSK_HQ_URL)",
    )
    p.add_argument(
        "--hq-url",
        default=os.environ.get("KIOSK_HQ_URL"),
        metavar="URL",
        help="the headquarters database, for --chain (default: KIOSK_HQ_URL)",
    )
    p.add_argument(
        "--store-zone",
        action="append",
        default=[],
        metavar="STORE=AREA/CITY",
        help="with --chain: a store's time zone, so its days are its own (repeat; the others "
        "use store_timezone)",
    )
    p.add_argument("--now", type=_moment, help=argparse.SUPPRESS)  # tests: a fixed clock
    p.set_defaults(handler=run)


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-25T15:00:00+00:00")
    return moment


def rows(f: StoreFigures) -> Iterator[tuple[str, str, str, str]]:
    """The figures of one period as CSV rows; a figure that does not exist (no answers) is
    an empty value, never 0."""

    def row(section: str, name: str, value: object) -> tuple[str, str, str, str]:
        if value is None:
            shown = ""
        elif isinstance(value, float):
            shown = f"{value:.3f}".rstrip("0").rstrip(".")
        else:
            shown = str(value)
        return (f.period.value, section, name, shown)

    yield row("period", "start", f.start.isoformat())
    yield row("period", "end", f.end.isoformat())
    yield row("visits", "visits", f.visits)
    yield row("dwell", "median_seconds", f.median_dwell_s)
    for step in f.funnel:
        yield row("funnel", step.stage, step.visits)
    for step in f.funnel:
        yield row("funnel_percent", step.stage, None if step.share is None else step.share * 100)
    yield row("nps", "score", f.nps)
    yield row("nps", "promoters", f.feedback.promoters)
    yield row("nps", "passives", f.feedback.passives)
    yield row("nps", "detractors", f.feedback.detractors)
    yield row("nps", "responses", f.feedback.responses)
    yield row("ces", "mean", f.ces)
    yield row("ces", "responses", f.ces_responses)
    for item in f.top_products:
        yield row("top_products", item.key, item.visits)
    for item in f.top_products:
        yield row("top_products_kept", item.key, item.kept)
    for item in f.top_looks:
        yield row("top_looks", item.key, item.visits)
    for item in f.top_chapters:
        yield row("top_chapters", item.key, item.visits)
    yield row("followups", "due", f.followups_due)
    yield row("followups", "done", f.followups_done)
    if f.recovery is not None:
        yield from (row("recovery", name, value) for name, value in recovery_rows(f.recovery))
    if f.after_sale is not None:
        yield from (
            row(section, name, value) for section, name, value in after_sale_rows(f.after_sale)
        )
    yield from (row(section, name, value) for section, name, value in outreach_rows(f.outreach))


def outreach_rows(figures: Sequence[OutreachFigure]) -> Iterator[tuple[str, str, object]]:
    """Outreach due and done per associate (``store``: the whole store's), and done by
    channel as ``name/channel`` (definitions in ``kiosk/insights/outreach.py``). A report
    is for the store's managers, like the dashboard."""
    for f in figures:
        yield "outreach_due", f.name, f.due
        yield "outreach_done", f.name, f.done
    for f in figures:
        for channel, n in f.by_channel.items():
            yield "outreach_done_by_channel", f"{f.name}/{channel}", n


def recovery_rows(r: Recovery) -> Iterator[tuple[str, object]]:
    """The service-recovery section (definitions in ``kiosk/insights/recovery.py``). The NPS
    after a case is given with its answers on each side and whether they are enough to
    compare (``too few to compare`` under the threshold, never a verdict)."""

    def pct(share: float | None) -> float | None:
        return None if share is None else share * 100

    yield "cases", r.cases
    yield "per_100_visits", r.per_100_visits
    yield "median_first_response_seconds", r.median_first_response_s
    yield "responded", r.responded
    yield "resolved", r.resolved
    yield "first_contact_percent", pct(r.first_contact_share)
    yield "escalated_percent", pct(r.escalated_share)
    yield "open_now", r.open_now
    yield "overdue_now", r.overdue_now
    yield "response_target_hours", r.response_target_h
    yield "nps_after_resolved", r.after_resolved.score
    yield "nps_after_resolved_responses", r.after_resolved.responses
    yield "nps_after_unresolved", r.after_unresolved.score
    yield "nps_after_unresolved_responses", r.after_unresolved.responses
    yield (
        "nps_after_compared",
        "yes" if r.comparable else f"too few to compare (< {MIN_TO_COMPARE})",
    )


def after_sale_rows(a: AfterSaleFigures) -> Iterator[tuple[str, str, object]]:
    """After the sale (definitions in ``kiosk/insights/touchpoints.py``): NPS per touchpoint
    with its answers (empty where nobody answered, never 0), how many of the period's
    purchases reached each and their percentage, invitations sent and redeemed."""
    yield "after_sale", "purchases", a.purchases
    for t in a.touchpoints:
        yield "touchpoint_nps", t.touchpoint, t.nps
    for t in a.touchpoints:
        yield "touchpoint_answers", t.touchpoint, t.answers
    for t in a.touchpoints:
        yield "touchpoint_reached", t.touchpoint, t.reached
    for t in a.touchpoints:
        yield "touchpoint_reached_percent", t.touchpoint, None if t.share is None else t.share * 100
    yield "invitations", "sent", a.invitations_sent
    yield "invitations", "redeemed", a.invitations_redeemed


def to_csv(all_figures: Sequence[StoreFigures], scope: Scope) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for f in all_figures:
        writer.writerow((f.period.value, "source", "scope", str(scope)))
        writer.writerows(rows(f))
    return buffer.getvalue()


def run(args: argparse.Namespace, config: Config, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    output: Path | None = args.output
    if output is not None:
        _check_writable(output)  # before the queries: a typo should not cost a minute
    if args.chain:
        from kiosk.insights.chain_cli import run_chain

        return run_chain(args, config, CHOICES[args.period], output, err)
    local = open_database(config)
    reader = reader_for(local, config)
    periods = CHOICES[args.period]
    now = args.now or utcnow()
    target = dt.timedelta(hours=config.case_response_hours)
    zone = store_zone(config)  # the report's days are the store's days
    try:
        read = reader.read(
            lambda s: [
                figures(s, config.store_id, period, now, zone, response_target=target)
                for period in periods
            ]
        )
    finally:
        reader.close()
        local.dispose()
    if read.scope is Scope.KIOSK:
        why = "the store database did not answer" if config.store_db_url else "no store database"
        err.write(f"kiosk report: {why}; these figures are this kiosk's records only\n")
    text = to_csv(read.value, read.scope)
    if write_report(text, output):
        err.write(f"kiosk report: {len(text.splitlines()) - 1} figures written to {output}\n")
    return 0


def write_report(text: str, output: Path | None) -> bool:
    """The CSV to standard output, or to ``output`` (True: a file was written)."""
    if output is None:
        sys.stdout.write(text)
        return False
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise KioskError(f"cannot write the report to {output}: {exc.strerror}") from None
    return True


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise KioskError(f"cannot write the report to {path}: it is a folder")
    if not path.parent.is_dir():
        raise KioskError(f"cannot write the report to {path}: folder {path.parent} does not exist")
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise KioskError(f"cannot write the report to {path}: {exc.strerror}") from None
    if not existed:
        path.unlink()  # nothing is left behind if the figures cannot be read

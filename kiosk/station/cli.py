"""``kiosk config show|reference`` and ``kiosk check``: this kiosk's settings and health, for
store IT at a terminal and for monitoring.

Only the standard library and the settings table are imported here: these commands are
registered while the kiosk's own command line is parsed, before its first paint.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.station.config import Config


def register_config(sub: Any) -> None:
    cfg = sub.add_parser("config", help="the configuration")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = cfg_sub.add_parser("show", help="each effective setting and where it came from")
    show.set_defaults(handler=_config_show)
    ref = cfg_sub.add_parser("reference", help="print the configuration reference (Markdown)")
    ref.set_defaults(handler=_config_reference, needs_config=False)


def register_check(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="health of this kiosk for store IT and monitoring (exit 1: needs attention)",
    )
    check.add_argument("--json", action="store_true", help="one JSON document (stable keys)")
    check.set_defaults(handler=_check)


def _config_show(args: argparse.Namespace, config: Config) -> int:
    rows = config.describe()
    width = max(len(name) for name, _, _ in rows)
    for name, value, source in rows:
        sys.stdout.write(f"{name:<{width}}  {value}    [{source}]\n")
    return 0


def _config_reference(args: argparse.Namespace) -> int:
    from kiosk.station.settings import reference_markdown

    sys.stdout.write(reference_markdown())
    return 0


def _check(args: argparse.Namespace, config: Config) -> int:
    from kiosk.station.health import render_text, run_checks

    report = run_checks(config)
    if args.json:
        import json

        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return 0 if report["status"] == "ok" else 1

"""Rewrite references to the modules that moved into feature packages (issue 12).

``kiosk/`` was flat; its modules now live in packages named for what they are to a store
(``kiosk.visit``, ``kiosk.handoff``, ``kiosk.clients``, ``kiosk.associates``,
``kiosk.insights``, ``kiosk.station``). A branch written against the flat layout is brought
over after merging with:

    .venv/bin/python tools/moved_modules.py $(git ls-files '*.py')   # imports, module strings
    .venv/bin/ruff check --select I --fix . && .venv/bin/ruff format <the rewritten files>
    .venv/bin/python tools/moved_modules.py --prose --dry-run $(git ls-files)  # what else?

What is rewritten by default (exact dotted names, longest first, on word boundaries):
``from X import``, ``import X`` (and then ``X.attr`` in that file), ``from kiosk import x``
where ``kiosk.x`` moved, and module strings: ``"X"``, ``"X.attr"``, ``"X:attr"`` (entry
points, ``importlib``, ``monkeypatch`` targets). The follow-up page's logger name
(``kiosk.followup.page``) is what store IT reads in the log, so it is kept as it is.
Names that left their module in the later steps (the masking policy, the consent check and
vocabulary, the version writer, the follow-up rules, attaching a visit, the settings' value
parsers) are in ``SYMBOLS``: ``from kiosk.clienteling import CLIENTELING, profile`` becomes
one import per module. ``--prose`` rewrites every other dotted mention and ``kiosk/...`` path
too (docstrings, comments, Markdown): review its diff, a variable named ``kiosk`` looks like
the package to it. ``--dry-run`` only lists the files it would change.

Running it twice changes nothing: new names are never rewritten again.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# old dotted name -> new dotted name. A package's entry covers its submodules.
MOVES: dict[str, str] = {
    # the visit: what the customer does, recorded
    "kiosk.journey": "kiosk.visit.journey",
    "kiosk.recorder": "kiosk.visit.recorder",
    "kiosk.visits": "kiosk.visit.records",
    "kiosk.visit_writes": "kiosk.visit.writes",
    "kiosk.stages": "kiosk.visit.stages",
    "kiosk.matching": "kiosk.visit.matching",
    "kiosk.pinyin": "kiosk.visit.pinyin",
    # the hand-off page (links, QR, the phone page): never the associates' follow-up tasks
    "kiosk.followup": "kiosk.handoff",
    # clients: finding, profile and consent, erasure
    "kiosk.clients": "kiosk.clients.lookup",
    "kiosk.clienteling": "kiosk.clients.profile",
    "kiosk.erasure": "kiosk.clients.erasure",
    "kiosk.erasure_sync": "kiosk.clients.erasure_sync",
    "kiosk.customers_cli": "kiosk.clients.cli",
    # associates: PINs, the service desk, follow-up tasks
    "kiosk.associates": "kiosk.associates.directory",
    "kiosk.associates_cli": "kiosk.associates.cli",
    "kiosk.service_desk": "kiosk.associates.desk",
    "kiosk.followups": "kiosk.associates.tasks",
    "kiosk.followups_cli": "kiosk.associates.cli",  # its register() is register_tasks()
    # store insights
    "kiosk.dashboard": "kiosk.insights.dashboard",
    "kiosk.report_cli": "kiosk.insights.cli",
    # store-wide reads: the store database when it answers, else this kiosk
    "kiosk.reads": "kiosk.db.reads",
    # the database's own command line
    "kiosk.db_cli": "kiosk.db.cli",
    # the kiosk's own running
    "kiosk.config": "kiosk.station.config",
    "kiosk.runtime": "kiosk.station.runtime",
    "kiosk.storage": "kiosk.station.storage",
    "kiosk.health": "kiosk.station.health",
    "kiosk.logs": "kiosk.station.logs",
    "kiosk.paths": "kiosk.station.paths",
    "kiosk.production": "kiosk.station.production",
    "kiosk.local_writes": "kiosk.station.local_writes",
    "kiosk.opening_hours": "kiosk.station.opening_hours",
    # the tests mirror the packages
    "tests.followup": "tests.handoff",
    "tests.followups": "tests.associates.tasks",
    "tests.clienteling": "tests.clients.profile",
    "tests.privacy": "tests.clients.privacy",
    "tests.dashboard": "tests.insights",
    "tests.kiosk.test_clients": "tests.clients.test_lookup",
    "tests.kiosk.test_journey": "tests.visit.test_journey",
    "tests.kiosk.test_matching": "tests.visit.test_matching",
    "tests.kiosk.test_reads": "tests.db.test_reads",
    "tests.kiosk.test_migrations": "tests.db.test_migrations",
    "tests.kiosk.test_config": "tests.station.test_config",
    "tests.kiosk.test_config_examples": "tests.station.test_config_examples",
    "tests.kiosk.test_crash_recovery": "tests.station.test_crash_recovery",
    "tests.kiosk.crash_child": "tests.station.crash_child",
    "tests.kiosk.test_full_disk": "tests.station.test_full_disk",
    "tests.kiosk.test_health": "tests.station.test_health",
    "tests.kiosk.test_opening_hours": "tests.station.test_opening_hours",
}

# Old packages (their submodules move with them); every other old name was a module.
PACKAGES = {
    "kiosk.followup",
    "tests.followup",
    "tests.followups",
    "tests.clienteling",
    "tests.privacy",
    "tests.dashboard",
}

# Strings that name a module but are shown to people: the follow-up page's log lines.
KEEP = {"kiosk.followup.page"}

# Names that left their module (after the module's own move): module -> {name: "new.module"}
# or {name: "new.module:new_name"} (imported under the old name, so the code is unchanged).
SYMBOLS: dict[str, dict[str, str]] = {
    # one masking policy (kiosk/clients/masking.py)
    "kiosk.clients.profile": {
        "mask_phone": "kiosk.clients.masking",
        "mask_email": "kiosk.clients.masking",
        "masked_contact": "kiosk.clients.masking",
        # one consent check, and the consent vocabulary (kiosk/clients/consent.py)
        **dict.fromkeys(
            (
                "CLIENTELING",
                "has_active_consent",
                "FOLLOWUP_CONTACT",
                "PURPOSES",
                "WORDING_VERSION",
                "WORDING_DIGEST",
                "WORDING_KEYS",
                "wording_digest",
            ),
            "kiosk.clients.consent",
        ),
        # attaching a visit with consent (kiosk/clients/attach.py)
        **dict.fromkeys(
            (
                "MAX_NAME",
                "NewClient",
                "CleanClient",
                "check_new_client",
                "enrol",
                "attach_existing",
                "Attachment",
            ),
            "kiosk.clients.attach",
        ),
    },
    "kiosk.clients.erasure": {
        "mask_name": "kiosk.clients.masking",
        "mask_contact": "kiosk.clients.masking",
        # forgetting a client as a manager does it: look-up and phases (kiosk/clients/forgetting.py)
        **dict.fromkeys(
            (
                "NOT_IN_STORE",
                "NO_STORE",
                "STORE_DOWN",
                "ErasureError",
                "ErasurePlan",
                "StoreShare",
                "_WHY",
                "ErasureResult",
                "plan",
                "find_plans",
                "look_up",
                "find_to_forget",
                "client_to_forget",
                "erase_here",
                "erase_in_store",
                "forget",
                "store_share",
                "forget_here",
                "forget_in_store",
            ),
            "kiosk.clients.forgetting",
        ),
    },
    "kiosk.clients.lookup": {
        "CLIENTELING": "kiosk.clients.consent",
        "has_active_consent": "kiosk.clients.consent",
    },
    # one writer of store-side versions (kiosk/db/versions.py). kiosk.followups'
    # has_active_consent(session, customer_id, purposes) is gone too: its callers now write
    # session.scalar(select(has_active_consent(purposes, customer_id))) by hand.
    # what a setting's value may be (kiosk/station/setting_values.py)
    "kiosk.station.config": dict.fromkeys(
        (
            "APP_NAME",
            "SUPPORTED_LANGUAGES",
            "_data_dir",
            "_log_dir",
            "_user_dir",
            "_parse_str",
            "_parse_optional_str",
            "_parse_path",
            "_parse_optional_path",
            "_parse_seconds",
            "_parse_count",
            "_parse_bool",
            "_parse_languages",
            "_parse_url",
            "_parse_db_url",
            "_parse_networks",
            "_parse_opening_hours",
        ),
        "kiosk.station.setting_values",
    )
    # the settings table and the reference made from it (kiosk/station/settings.py)
    | dict.fromkeys(
        ("ENV_PREFIX", "Setting", "SETTINGS", "SETTINGS_BY_NAME", "_show", "reference_markdown"),
        "kiosk.station.settings",
    ),
    # the checks of `kiosk check`, one function a check (kiosk/station/checks.py)
    "kiosk.station.health": dict.fromkeys(
        (
            "STORE_TIMEOUT_S",
            "Check",
            "_iso",
            "_shown_store_url",
            "_Local",
            "check_store",
            "check_sync",
            "check_content",
            "_existing",
            "check_disk",
            "check_local_writes",
            "check_log_dir",
            "check_production",
        ),
        "kiosk.station.checks",
    ),
    "kiosk.associates.tasks": {
        "store_save": "kiosk.db.versions",
        # the rules that make tasks, and the sweep (kiosk/associates/rules.py)
        **dict.fromkeys(
            (
                "NAMESPACE",
                "THANK_YOU",
                "APPOINTMENT",
                "REMINDER",
                "SATISFACTION",
                "MANUAL",
                "LEGACY_CONTACT",
                "KINDS",
                "WITHDRAWN",
                "THANK_YOU_AFTER",
                "APPOINTMENT_AFTER",
                "SATISFACTION_AFTER",
                "REMINDER_TIME",
                "CONTACT_PURPOSES",
                "LOOKBACK",
                "BOOKED",
                "Saver",
                "rule_id",
                "thank_you_task",
                "appointment_task",
                "reminder_task",
                "satisfaction_task",
                "ensure",
                "live_client",
                "client_is_live",
                "SweepResult",
                "sweep",
                "thank_you_sources",
                "satisfaction_sources",
            ),
            "kiosk.associates.rules",
        ),
        # the due list, the one read of tasks (kiosk/associates/due.py)
        **dict.fromkeys(
            (
                "Group",
                "GROUP_ORDER",
                "HORIZON",
                "DueItem",
                "day_start",
                "group_of",
                "due_list",
                "pending_ids",
                "merge",
                "read_due",
            ),
            "kiosk.associates.due",
        ),
    },
    "kiosk.handoff.records": {"touch": "kiosk.db.versions:new_version"},
    # what the dashboard's figures are, without a database (kiosk/insights/measures.py)
    "kiosk.insights.dashboard": dict.fromkeys(
        (
            "FUNNEL",
            "Period",
            "end_of_today",
            "_local_date",
            "_midnight",
            "NpsSplit",
            "nps",
            "ces",
            "FunnelStep",
            "funnel",
            "median",
            "TopItem",
            "StoreFigures",
        ),
        "kiosk.insights.measures",
    ),
    # the needs screen's answer tile, a widget of its own (ui/widgets/answer_tile.py)
    "ui.screens.customer.needs": {"AnswerTile": "ui.widgets.answer_tile"},
}

# A module that became a package of the same name (kiosk.clients, kiosk.associates): its new
# submodules must not be taken for attributes of the old module.
# Modules made after the moves (nothing old maps to them), listed so that they too are known
# as the new layout.
NEW_MODULES = [
    "kiosk.clients.consent",
    "kiosk.clients.masking",
    "kiosk.clients.attach",
    "kiosk.associates.rules",
    "kiosk.associates.due",
    "kiosk.db.versions",
    "kiosk.station.cli",
    "kiosk.station.setting_values",
    "kiosk.station.checks",
    "kiosk.insights.measures",
    "kiosk.station.settings",
    "kiosk.clients.forgetting",
    "ui.widgets.answer_tile",
]

NEW_CHILDREN: dict[str, set[str]] = {}
for _new in [*MOVES.values(), *NEW_MODULES]:
    _parts = _new.split(".")
    for _i in range(1, len(_parts)):
        NEW_CHILDREN.setdefault(".".join(_parts[:_i]), set()).add(_parts[_i])

_ORDER = sorted(MOVES, key=len, reverse=True)  # longest match first
_NAME = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(old) for old in _ORDER) + r")(?![\w])((?:\.\w+)*)"
)


def new_name(dotted: str) -> str | None:
    """The new name of ``dotted`` (a module, or an attribute path inside one), or None."""
    for old in _ORDER:
        if dotted == old or dotted.startswith(old + "."):
            rest = dotted[len(old) :]
            child = rest[1:].split(".", 1)[0] if rest else ""
            if child and old not in PACKAGES and child in NEW_CHILDREN.get(old, ()):
                return None  # already the new layout (kiosk.clients.profile)
            return MOVES[old] + rest
    return None


def _sub_names(text: str, keep: set[str] = KEEP) -> str:
    """Every dotted old name in ``text`` rewritten (word boundaries, longest first)."""

    def repl(m: re.Match[str]) -> str:
        whole = m.group(0)
        if whole in keep or any(whole.startswith(k + ".") for k in keep):
            return whole
        return new_name(whole) or whole

    return _NAME.sub(repl, text)


_FROM = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<mod>[\w.]+)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n]*)",
    re.MULTILINE,
)
_IMPORT = re.compile(r"^(?P<indent>[ \t]*)import[ \t]+(?P<mods>[^\n#]+)", re.MULTILINE)
_STRING = re.compile(r"""(?P<q>["'])(?P<s>[A-Za-z_][\w.]*)(?P<end>["':])""")


def _split_items(names: str) -> list[str] | None:
    """``a, b as c`` or ``(a,\n b)`` as items; None when comments make it unsafe to touch."""
    body = names.strip()
    if "#" in body:
        return None
    return [i.strip() for i in body.strip("()").split(",") if i.strip()]


def _from(m: re.Match[str]) -> str:
    indent, mod, names = m.group("indent"), m.group("mod"), m.group("names")
    moved = new_name(mod)
    if moved is not None and mod in NEW_CHILDREN and mod not in PACKAGES:
        imported = {n.split()[0] for n in re.split(r"[,\s()]+", names.split("#")[0]) if n}
        if imported and imported <= NEW_CHILDREN[mod] | {"as"}:
            moved = None  # from kiosk.clients import profile: the new layout
    module = moved or mod
    items = _split_items(names)
    # Each imported name goes where it now lives: a module that moved (from kiosk import
    # pinyin), or a name that moved to another module (from kiosk.clients.profile import
    # mask_phone), keeping the name the importing code uses.
    groups: dict[str, list[str]] = {}
    for item in items or []:
        words = item.split()
        name, alias = words[0], (words[2] if len(words) == 3 and words[1] == "as" else None)
        as_used = alias or name
        target_module, target_name = module, name
        if name in SYMBOLS.get(module, {}):
            target_module, _, renamed = SYMBOLS[module][name].partition(":")
            target_name = renamed or name
        elif f"{mod}.{name}" in MOVES:
            target_module, target_name = MOVES[f"{mod}.{name}"].rsplit(".", 1)
        text = target_name if target_name == as_used else f"{target_name} as {as_used}"
        groups.setdefault(target_module, []).append(text)
    if items is None or list(groups) == [module]:
        return m.group(0) if moved is None else f"{indent}from {moved} import {names}"
    paren = names.strip().startswith("(")
    lines = []
    for parent, group in groups.items():
        joined = ", ".join(group)
        lines.append(f"{indent}from {parent} import " + (f"({joined})" if paren else joined))
    return "\n".join(lines)


def rewrite(text: str, prose: bool = False) -> str:
    text = _FROM.sub(_from, text)
    imported: list[str] = []

    def _imp(m: re.Match[str]) -> str:
        parts = []
        for piece in m.group("mods").split(","):
            words = piece.split()
            if words and new_name(words[0]):
                imported.append(words[0])
                words[0] = new_name(words[0]) or words[0]
            parts.append(" ".join(words))
        return f"{m.group('indent')}import " + ", ".join(parts)

    text = _IMPORT.sub(_imp, text)
    if imported:  # import kiosk.recorder ... kiosk.recorder.Recorder
        olds = sorted(set(imported), key=len, reverse=True)
        pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, olds)) + r")(?=\.\w)")
        text = pattern.sub(lambda m: new_name(m.group(1)) or m.group(1), text)

    def _str(m: re.Match[str]) -> str:
        s = m.group("s")
        if s in KEEP or (m.group("end") != ":" and m.group("end") != m.group("q")):
            return m.group(0)
        moved = new_name(s)
        return f"{m.group('q')}{moved}{m.group('end')}" if moved else m.group(0)

    text = _STRING.sub(_str, text)
    if prose:
        text = _sub_names(text)
        text = _sub_paths(text)
    return text


def _paths() -> list[tuple[str, str]]:
    pairs = []
    for old, new in MOVES.items():
        o, n = old.replace(".", "/"), new.replace(".", "/")
        if old in PACKAGES:
            pairs.append((o + "/", n + "/"))
        else:
            pairs.append((o + ".py", n + ".py"))
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


_PATHS = _paths()
_PATH = re.compile(r"(?<![\w/.])(" + "|".join(re.escape(o) for o, _ in _PATHS) + r")")


def _sub_paths(text: str) -> str:
    table = dict(_PATHS)
    return _PATH.sub(lambda m: table[m.group(1)], text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--prose",
        action="store_true",
        help="also every dotted mention and kiosk/... path (review the diff)",
    )
    parser.add_argument("--dry-run", action="store_true", help="list the files, change nothing")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    changed = 0
    for path in args.files:
        try:
            old = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        new = rewrite(old, prose=args.prose)
        if new != old:
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
            changed += 1
            print(f"{'would rewrite' if args.dry_run else 'rewrote'} {path}")
    print(f"{changed} file(s) {'to rewrite' if args.dry_run else 'rewritten'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

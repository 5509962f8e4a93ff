"""Entry point of the kiosk (also installed as the ``kiosk`` console script).

Parses the command line and hands off: the kiosk window to ``ui``, every other job to
``kiosk.cli``. Heavy imports happen after this decision, so each job loads only what it needs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from kiosk import cli

    args = cli.parse(list(sys.argv[1:] if argv is None else argv))
    if args.smoke_test:
        from ui.smoke import run_smoke_test

        return run_smoke_test(args)
    if args.command == "run":
        from ui.app import run_kiosk

        return run_kiosk(args)
    if getattr(args, "ui", None) == "preview":  # `kiosk content preview`: a window too
        from ui.preview.app import run_preview

        return run_preview(args)
    return cli.dispatch(args)


if __name__ == "__main__":
    sys.exit(main())

"""A kiosk process that records a visit and acknowledges each committed event on stdout.

The crash test kills it with SIGKILL mid-visit; every event acknowledged before the kill must
be in the database after a restart.
"""

from __future__ import annotations

import sys

from kiosk.station.config import load_config
from kiosk.station.runtime import start


def main() -> None:
    runtime = start(load_config())
    journey = runtime.journey
    journey.begin("en").result()
    sys.stdout.write(f"visit {journey.state.visit_id}\n")
    sys.stdout.flush()
    n = 0
    while True:
        n += 1
        seq = journey.record("product_viewed", sku=f"SKU-{n}", n=n).result()
        sys.stdout.write(f"ack {n} {seq}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Sync settings with their defaults, read from the kiosk configuration when it has them.

The names are settings declared in kiosk/station/settings.py (with the same defaults); the defaults
below serve callers that build settings without a configuration (tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.station.config import Config


@dataclass(frozen=True)
class SyncSettings:
    sync_interval_s: float = 10.0
    """Pause between passes when the outbox is empty and the store is reachable."""
    sync_batch_size: int = 2000
    """Outbox entries sent to the store database in one transaction."""
    sync_backoff_max_s: float = 300.0
    """Longest wait between retries while the store database is unreachable."""
    store_db_connect_timeout_s: int = 5
    """Seconds to wait for the store database to accept a connection."""
    store_db_statement_timeout_s: int = 30
    """Seconds a single statement may run on the store database before it is cancelled."""

    @classmethod
    def from_config(cls, config: Config) -> SyncSettings:
        return cls(
            sync_interval_s=config.sync_interval_s,
            sync_batch_size=config.sync_batch_size,
            sync_backoff_max_s=config.sync_backoff_max_s,
            store_db_connect_timeout_s=config.store_db_connect_timeout_s,
            store_db_statement_timeout_s=config.store_db_statement_timeout_s,
        )

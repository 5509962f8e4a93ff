"""Store-database sync: push the outbox, pull what associates need, show how it goes."""

from kiosk.sync.errors import StoreSchemaError, StoreUnavailable, SyncError
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher, PushResult, requeue_quarantined
from kiosk.sync.settings import SyncSettings
from kiosk.sync.state import SyncStatus, read_status
from kiosk.sync.store import check_store, open_store, open_store_from_config
from kiosk.sync.worker import PassResult, SyncWorker

__all__ = [
    "PassResult",
    "Puller",
    "PushResult",
    "Pusher",
    "StoreSchemaError",
    "StoreUnavailable",
    "SyncError",
    "SyncSettings",
    "SyncStatus",
    "SyncWorker",
    "check_store",
    "open_store",
    "open_store_from_config",
    "read_status",
    "requeue_quarantined",
]

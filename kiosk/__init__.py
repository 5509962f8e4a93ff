"""The kiosk's domain: configuration, content, journey, visits, store database, sync.

Nothing in this package imports Qt or ``ui``: the same code serves the kiosk window, the
command line, the sync worker and the follow-up web application.
"""

__version__ = "0.1.0"

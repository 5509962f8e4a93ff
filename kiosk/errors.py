"""One hierarchy of domain errors, so the UI and the command line turn them into messages in
one place. Every message names what is wrong and where, and never carries personal data or a
password."""


class KioskError(Exception):
    """Base of every error the kiosk expects and explains to a person."""


class ConfigError(KioskError):
    """A configuration file or value is wrong; the kiosk refuses to start half-configured."""


class StorageError(KioskError):
    """The local database or data folder cannot be used as it is."""


class JourneyError(KioskError):
    """A visit operation that makes no sense in the visit's current state."""

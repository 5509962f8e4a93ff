"""SHA-256 without loading OpenSSL, for what the kiosk's start reads (its pack's fingerprint).

Importing ``hashlib`` loads OpenSSL's library: about 2 ms of every start, inside the seconds
before attract is complete. The interpreter's own SHA-256 module gives the same digests, and
the standard library's ``random`` takes its SHA-512 the same way; hashlib is the fallback
where this Python has no such module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same type, as far as the checker knows
    from hashlib import sha256
else:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # another Python's layout
        try:
            from _sha2 import sha256  # 3.12 and later
        except ImportError:
            from hashlib import sha256

__all__ = ["sha256"]

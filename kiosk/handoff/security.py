"""The page's defences: its secret key, signed form tokens, and a brake on guessing.

Form tokens (CSRF) are an HMAC of the link, the form's purpose, the time and how many such
forms the link had sent when the token was issued, with the key from ``secret_key_file``
(32 random bytes, created on first use, readable by its owner only). A token is bound to one
link and expires, so a form cannot be posted from another site or replayed against another
link; and it is good for one submission only, since the count moves on once it is used.
Withdrawal links are signed the same way.

Guessing is slowed per client address: after N misses (unknown, malformed, expired or
revoked ids or codes) within a minute, every request from that address gets 429 until the
minute has passed. Hits never count, so a customer who mistypes a code once is not locked out.
An attempt is counted as it starts (``begin``) and forgiven when it hits, so requests sent all
at once cannot all pass the check before any miss is counted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import ConfigError

KEY_BYTES = 32
FORM_TOKEN_TTL_S = 24 * 3600


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``; made (atomically, mode 0600) if the file does not exist yet."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = os.urandom(KEY_BYTES)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            key = path.read_bytes()
        finally:
            tmp.unlink()
    except OSError as exc:
        raise ConfigError(f"setting 'secret_key_file': {path} cannot be read: {exc}") from None
    if len(key) < 16:
        raise ConfigError(f"setting 'secret_key_file': {path} holds no usable key (too short)")
    return key


class Signer:
    def __init__(self, key: bytes, clock: Callable[[], float] = time.time) -> None:
        self._key = key
        self._clock = clock

    def _mac(self, message: str) -> str:
        digest = hmac.new(self._key, message.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")

    def form_token(self, link_token: str, purpose: str, sequence: int = 0) -> str:
        """A token for one form: ``sequence`` is how many of these forms the link had
        already sent when it was issued, so it is good for the next one only."""
        issued = str(int(self._clock()))
        mac = self._mac(f"form|{link_token}|{purpose}|{issued}|{sequence}")
        return f"{issued}.{sequence}.{mac}"

    def read_form_token(self, value: str, link_token: str, purpose: str) -> int | None:
        """The sequence a genuine, unexpired token for this link and purpose was issued
        with; None for a forged, altered or expired one."""
        issued, _, rest = value.partition(".")
        sequence, _, mac = rest.partition(".")
        # ASCII digits only: str.isdigit also passes "²", which int() refuses (a 500)
        if not _digits(issued) or not _digits(sequence) or len(sequence) > 9 or not mac:
            return None
        if not 0 <= self._clock() - int(issued) <= FORM_TOKEN_TTL_S:
            return None
        expected = self._mac(f"form|{link_token}|{purpose}|{issued}|{int(sequence)}")
        return int(sequence) if hmac.compare_digest(mac, expected) else None

    def check_form_token(self, value: str, link_token: str, purpose: str) -> bool:
        return self.read_form_token(value, link_token, purpose) is not None

    def withdrawal_sig(self, consent_id: str) -> str:
        return self._mac(f"withdraw|{consent_id}")

    def check_withdrawal_sig(self, consent_id: str, sig: str) -> bool:
        return hmac.compare_digest(sig, self.withdrawal_sig(consent_id))


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


class MissLimiter:
    """Counts misses per client address over a sliding minute; thread-safe."""

    WINDOW_S = 60.0
    MAX_CLIENTS = 50_000  # a flood of addresses cannot grow memory without bound

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._misses: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        q = self._misses.get(client)
        if q is None:
            if len(self._misses) >= self.MAX_CLIENTS:
                self._misses.clear()
            q = self._misses[client] = deque()
        while q and now - q[0] > self.WINDOW_S:
            q.popleft()
        return q

    def begin(self, client: str) -> bool:
        """Start an attempt that may miss: False when the client is blocked; else the attempt
        counts as a miss from now on, until ``hit`` says it found something. Counting before
        the look-up, in one locked step with the check, means a burst of simultaneous
        guesses gets no more tries than the limit."""
        with self._lock:
            now = self._clock()
            q = self._recent(client, now)
            if len(q) >= self.per_minute:
                return False
            q.append(now)
            return True

    def hit(self, client: str) -> None:
        """The attempt ``begin`` counted found what it looked for: it is not a miss."""
        with self._lock:
            q = self._misses.get(client)
            if q:
                q.pop()

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client, self._clock())) >= self.per_minute

    def miss(self, client: str) -> None:
        with self._lock:
            now = self._clock()
            self._recent(client, now).append(now)

    def retry_after(self, client: str) -> int:
        with self._lock:
            q = self._recent(client, self._clock())
            return max(1, int(self.WINDOW_S - (self._clock() - q[0])) + 1) if q else 1

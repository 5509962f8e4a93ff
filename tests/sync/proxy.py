"""A small threaded TCP proxy on 127.0.0.1 that a test can use to cut the network.

``drop_all()`` resets every open connection (as a failing switch would); ``refuse()`` makes
new connections fail at once until ``allow()``.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._refusing = False
        self._closed = False
        self.accepted = 0
        self.dropped = 0
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def url_for(self, url: str) -> str:
        """``url`` with its host:port replaced by this proxy's."""
        head, rest = url.split("@", 1)
        _, path = rest.split("/", 1)
        return f"{head}@127.0.0.1:{self.port}/{path}"

    def refuse(self) -> None:
        self._refusing = True

    def allow(self) -> None:
        self._refusing = False

    def drop_all(self) -> int:
        with self._lock:
            conns, self._conns = self._conns, set()
        for s in conns:
            _reset(s)
        self.dropped += len(conns) // 2
        return len(conns) // 2

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self.drop_all()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._refusing:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns.update((client, upstream))
            self.accepted += 1
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 0.5)
                with self._lock:
                    if a not in self._conns:
                        return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    peers[s].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                self._conns.discard(a)
                self._conns.discard(b)
            _reset(a)
            _reset(b)


def _reset(s: socket.socket) -> None:
    """Close with RST rather than FIN: the peer sees 'connection reset', not a clean end."""
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        s.close()

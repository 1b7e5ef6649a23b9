"""Small network helpers of the transport tests: free ports and a proxy that cuts connections."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, timeout: float = 5.0) -> None:
    """Block until something accepts connections on ``port``."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout):
        pass


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word (a hung server)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield int(listener.getsockname()[1])


class CuttingProxy:
    """Forwards TCP connections to ``target``; while ``cut_after`` is set, a connection is closed
    (both ways) once that many client bytes went through, as a network failure mid-upload."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.cut_after: int | None = None
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self._listener.close()
        self._thread.join(5)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            limit = self.cut_after
            threading.Thread(target=self._pump, args=(client, upstream, limit), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, None), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                if limit is not None and sent + len(chunk) >= limit:
                    sink.sendall(chunk[: max(limit - sent, 0)])
                    self.cuts += 1
                    break
                sink.sendall(chunk)
                sent += len(chunk)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@contextlib.contextmanager
def cutting_proxy(target: int) -> Iterator[CuttingProxy]:
    """A :class:`CuttingProxy` to ``target`` for the duration of the block."""
    proxy = CuttingProxy(target)
    try:
        yield proxy
    finally:
        proxy.close()

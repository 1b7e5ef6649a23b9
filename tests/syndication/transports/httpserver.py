"""A partner's webhook endpoint on 127.0.0.1: checks Standard Webhooks signatures, drops
duplicate webhook ids, and answers with scripted statuses when told to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "whsec_" + base64.b64encode(b"partner-hook-key-0123456789abcdef").decode()
TOLERANCE = 300


@dataclass
class Endpoint:
    """What the partner received, and what it will answer next."""

    key: bytes = base64.b64decode(SECRET.removeprefix("whsec_"))
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    """Answers to give before accepting anything: (status, headers), first first."""
    drop_next: int = 0
    """How many next requests are cut off by the server halfway through their body."""
    received: dict[str, bytes] = field(default_factory=dict)
    """Accepted bodies by webhook id: each id once, as the partner sees them."""
    requests: int = 0
    rejected_signatures: int = 0
    stall: float = 0.0
    """Seconds to wait before answering (to make clients time out)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verify(self, headers: Message, body: bytes) -> bool:
        msg_id = headers.get("webhook-id", "")
        stamp = headers.get("webhook-timestamp", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > TOLERANCE:
            return False
        signed = f"{msg_id}.{stamp}.".encode() + body
        expected = base64.b64encode(hmac.new(self.key, signed, hashlib.sha256).digest()).decode()
        offered = headers.get("webhook-signature", "").split()
        return any(
            hmac.compare_digest(sig.removeprefix("v1,"), expected)
            for sig in offered
            if sig.startswith("v1,")
        )


class WebhookServer:
    """ThreadingHTTPServer with an :class:`Endpoint`, on ``port`` (0 = any free port)."""

    def __init__(self, port: int = 0) -> None:
        self.endpoint = Endpoint()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.endpoint))
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/in"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def _handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            with endpoint.lock:
                endpoint.requests += 1
                drop = endpoint.drop_next > 0
                endpoint.drop_next -= drop
                scripted = endpoint.script.pop(0) if endpoint.script and not drop else None
            if drop:
                self.rfile.read(length // 2)
                self.close_connection = True
                self.connection.close()
                return
            body = self.rfile.read(length)
            time.sleep(endpoint.stall)
            if scripted:
                self._answer(*scripted)
            elif not endpoint.verify(self.headers, body):
                endpoint.rejected_signatures += 1
                self._answer(401, {})
            else:
                with endpoint.lock:
                    endpoint.received.setdefault(self.headers["webhook-id"], body)
                self._answer(204, {})

        do_PUT = do_POST

        def _answer(self, status: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

    return Handler

"""A real FTP (and explicit FTPS) server on 127.0.0.1, run by pyftpdlib in a thread."""

from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # On Python 3.11 pyftpdlib runs on the standard library's deprecated asyncore.
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import DTPHandler, FTPHandler, TLS_DTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

_log = logging.getLogger("pyftpdlib")
_log.addHandler(logging.NullHandler())  # pyftpdlib would otherwise install its own on stderr
_log.setLevel(logging.WARNING)

USER = "nc"
PASSWORD = "ftp-Secret-9f3e"
DROP_USER = "dropbox"
"""A user who may upload and rename but not delete, as many drop folders are set up."""


@dataclass
class FtpFaults:
    """What the server does wrong, shared with its handlers."""

    drop_uploads: int = 0
    """How many next uploads have their connections closed by the server mid-transfer."""
    drop_after: int = 65536
    renames: list[tuple[str, str]] = field(default_factory=list)
    stor_replies: list[str] = field(default_factory=list)
    """Replies to give to the next STOR commands instead of storing, first first."""


class FtpServer:
    """pyftpdlib serving ``root`` on ``port``; ``cert`` (a PEM with key) turns on FTPS."""

    def __init__(self, root: Path, port: int, cert: Path | None = None) -> None:
        self.root = root
        self.port = port
        self.faults = FtpFaults()
        self._server = FTPServer(("127.0.0.1", port), _handler(root, self.faults, cert))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            self._server.serve_forever(timeout=0.02, blocking=False, handle_exit=False)
        self._server.close_all()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def _handler(root: Path, faults: FtpFaults, cert: Path | None) -> type[FTPHandler]:
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(root), perm="elradfmwMT")
    authorizer.add_user(DROP_USER, PASSWORD, str(root), perm="elrafmwMT")
    base_dtp: Any = TLS_DTPHandler if cert else DTPHandler
    base_ftp: Any = TLS_FTPHandler if cert else FTPHandler

    class DroppingDTP(base_dtp):  # type: ignore[misc]
        """Closes the whole session once enough of an upload arrived, when told to."""

        def handle_read(self) -> None:
            super().handle_read()
            if faults.drop_uploads and self.tot_bytes_received >= faults.drop_after:
                faults.drop_uploads -= 1
                self.cmd_channel.close()

        handle_read_event = handle_read

    class RecordingHandler(base_ftp):  # type: ignore[misc]
        dtp_handler = DroppingDTP

        def ftp_STOR(self, file: str, mode: str = "w") -> Any:
            if faults.stor_replies:
                self.respond(faults.stor_replies.pop(0))
                return None
            return super().ftp_STOR(file, mode)

        def ftp_RNTO(self, path: str) -> Any:
            done = super().ftp_RNTO(path)
            if done:
                faults.renames.append((Path(done[0]).name, Path(done[1]).name))
            return done

    RecordingHandler.authorizer = authorizer
    RecordingHandler.banner = "newsconv test server"
    RecordingHandler.auth_failed_timeout = 0.01
    if cert:
        RecordingHandler.certfile = str(cert)
        RecordingHandler.tls_control_required = True
        RecordingHandler.tls_data_required = True
    return RecordingHandler

"""Four remote partners on 127.0.0.1 (FTP, SFTP, HTTP, S3) and a partner file naming them, for
runs of the real runner; and what each partner saw, to check exactly-once delivery."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import asyncssh
from lxml import etree

from . import ftpserver, httpserver, s3server, sftpserver
from .ftpserver import FtpServer
from .httpserver import WebhookServer
from .netutil import free_port
from .s3server import S3Server
from .sftpserver import SftpServer

SECRETS = {
    "FTP_PW": ftpserver.PASSWORD,
    "SFTP_PW": sftpserver.PASSWORD,
    "HOOK_SECRET": httpserver.SECRET,
    "S3_KEY": s3server.ACCESS_KEY,
    "S3_SECRET": s3server.SECRET_KEY,
}


@dataclass
class RemotePartners:
    """Running servers, one per remote transport kind, and their partner tables."""

    ftp: FtpServer
    sftp: SftpServer
    hook: WebhookServer
    s3: S3Server
    bucket: str
    host_key: str

    @classmethod
    def start(cls, root: Path, s3: S3Server) -> RemotePartners:
        for name in ("ftp", "sftp"):
            (root / name / "in").mkdir(parents=True)
        key = asyncssh.generate_private_key("ssh-ed25519")
        line = bytes(key.export_public_key("openssh")).decode().strip()
        return cls(
            ftp=FtpServer(root / "ftp", free_port()),
            sftp=SftpServer(root / "sftp", key),
            hook=WebhookServer(),
            s3=s3,
            bucket=s3.new_bucket(versioned=True),
            host_key=line,
        )

    def stop(self) -> None:
        self.ftp.stop()
        self.sftp.stop()
        self.hook.stop()

    def tables(self) -> str:
        """``[partners.*]`` tables: ftp and s3 get NewsML, sftp (ordered) and http get ninjs."""
        return f"""
[partners.ftp]
formats = ["newsml"]
transport = {{ kind = "ftp", host = "127.0.0.1", port = {self.ftp.port}, user = "nc", password_env = "FTP_PW", path = "/in", timeout = 5 }}

[partners.sftp]
formats = ["ninjs"]
ordered = true
transport = {{ kind = "sftp", host = "127.0.0.1", port = {self.sftp.port}, user = "nc", password_env = "SFTP_PW", host_key = "{self.host_key}", path = "/in", timeout = 5 }}

[partners.hooks]
formats = ["ninjs"]
transport = {{ kind = "http", url = "{self.hook.url}", secret_env = "HOOK_SECRET", timeout = 5 }}

[partners.bucket]
formats = ["newsml"]
transport = {{ kind = "s3", bucket = "{self.bucket}", prefix = "in", endpoint_url = "{self.s3.url}", region = "us-east-1", access_key_env = "S3_KEY", secret_key_env = "S3_SECRET", timeout = 5 }}
"""  # noqa: E501

    def arrivals(self) -> int:
        """How many files the partners have published so far (duplicates included)."""
        return (
            len(self.ftp.faults.renames)
            + len(self.sftp.faults.renames)
            + len(self.hook.endpoint.received)
        )

    def seen(self) -> dict[str, Counter[str]]:
        """Per partner: how many times each final name (or webhook id) appeared."""
        client = self.s3.client()
        versions = client.list_object_versions(Bucket=self.bucket).get("Versions", [])
        return {
            "ftp": Counter(target for _, target in self.ftp.faults.renames),
            "sftp": Counter(target for _, target in self.sftp.faults.renames),
            "hooks": Counter(self.hook.endpoint.received.keys()),
            "bucket": Counter(v["Key"].removeprefix("in/") for v in versions),
        }

    def unreadable(self) -> list[str]:
        """Published files of the file partners that do not parse (a partial file would not)."""
        bad = []
        for folder in (self.ftp.root / "in", self.sftp.root / "in"):
            for path in folder.iterdir():
                if not path.name.startswith(".") and not _parses(path.read_bytes()):
                    bad.append(path.name)
        bad += [key for key, body in self.hook.endpoint.received.items() if not _parses(body)]
        return bad


def _parses(data: bytes) -> bool:
    try:
        json.loads(data) if data.lstrip().startswith(b"{") else etree.fromstring(data)
    except (ValueError, etree.XMLSyntaxError):
        return False
    return True

"""An S3-compatible server on 127.0.0.1: moto's threaded server, in this process."""

from __future__ import annotations

import functools
import urllib.request
import uuid
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from .netutil import free_port, wait_listening

ACCESS_KEY = "AKIANEWSCONVTEST0001"
SECRET_KEY = "s3-Secret-6d2f0b7e"
REGION = "us-east-1"


class S3Server:
    """A moto server on ``port`` (a free one by default)."""

    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        wait_listening(self.port)

    def stop(self) -> None:
        self._server.stop()

    @functools.cached_property
    def _client(self) -> object:
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def client(self) -> Any:
        """A plain boto3 client to look at what the partner holds."""
        return self._client

    def new_bucket(self, *, versioned: bool = False) -> str:
        name = f"wire-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name)
        if versioned:
            client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return name

    def require_auth(self, enabled: bool) -> None:
        """Make the server check credentials (against its empty IAM) or stop checking."""
        count = b"0" if enabled else b"inf"
        request = urllib.request.Request(
            f"{self.url}/moto-api/reset-auth", data=count, headers={"content-type": "text/plain"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200

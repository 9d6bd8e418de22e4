"""Shared test setup: no test may reach beyond this machine.

Any socket connection to a non-loopback address fails loudly, so a test that
would silently depend on the real NCBI (or any other host) cannot pass here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"

_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # AF_UNIX paths


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise OSError(f"tests may not connect to {address!r}: network blocked")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    for var in ("NCBI_API_KEY", "REFCHECK_EUTILS_URL", "REFCHECK_CACHE", "NCBI_EMAIL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def fake_eutils() -> Iterator[Any]:
    """A fake E-utilities server holding the bundled records, on 127.0.0.1."""
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=3.0) as server:
        yield server


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache.sqlite"

"""Shared test setup: no test may reach beyond this machine.

Any socket connection to a non-loopback address fails loudly, so a test that
would silently depend on the real NCBI (or any other host) cannot pass here.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
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


@pytest.fixture(scope="session", autouse=True)
def _session_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point this process's and its children's temp folder at one of pytest's own.

    Each fake server listens on a new port, and refcheck keeps one request-budget file per
    server in the temp folder (refcheck.eutils.machine_window): a run of the suite left
    about a thousand of them in /tmp. pytest removes its old folders itself.
    """
    folder = str(tmp_path_factory.mktemp("temp"))
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder
    try:
        yield
    finally:
        tempfile.tempdir = saved[0]
        if saved[1] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[1]


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

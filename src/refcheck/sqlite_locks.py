"""Waiting out SQLite's locks where its busy timeout does not (shared by the cache and the
history file, which several runs may open at the same moment)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def while_locked(statement: Callable[[], object], patience: float = 30.0) -> None:
    """Run `statement`, again while SQLite says the file is locked: switching a new file to
    WAL takes it whole, and SQLite answers a second run starting at that moment at once
    rather than through the busy timeout."""
    deadline = time.monotonic() + patience
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any error): the write lock is taken at the
    start, so runs opening one file together take turns (through the busy timeout) instead
    of one failing when it first writes."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

"""Parse workers that die as `kill -9` or the OOM killer ends one, for the mirror import tests.

`refcheck mirror import --jobs N` spawns its workers, so a test cannot patch them from its
own process: `IMPORT_WITH_A_DYING_WORKER` is a CLI run that swaps `refcheck.mirror._worker`
for `dies_on` before it starts. The spawned workers import this module by name (spawn
gives them the parent's sys.path).
"""

from __future__ import annotations

import os
import signal
import struct
from collections.abc import Iterator
from typing import Any

from refcheck import mirror

# argv: FILE_NAME HOW refcheck-arguments...; PYTHONPATH must hold this folder
IMPORT_WITH_A_DYING_WORKER = (
    "import functools, sys\n"
    "import dying_workers\n"
    "from refcheck import cli, mirror\n"
    "victim, how = sys.argv.pop(1), sys.argv.pop(1)\n"
    "mirror._worker = functools.partial(dying_workers.dies_on, victim, how)\n"
    "cli.main()\n"
)


def dies_on(victim: str, how: str, tasks: Any, results: Any, *rest: Any) -> None:
    """The real worker, killed (SIGKILL) once it has queued the first batch of `victim`.

    how = "between": every message queued so far has reached the pipe whole.
    how = "mid-message": killed while writing a message, holding the queue's write lock as
    the queue's feeder thread does: the parent has read the start of a message whose rest
    never comes.
    """
    parse = mirror._parse_file

    def dying_parse(task: Any) -> Iterator[tuple[str, str, Any]]:
        for message in parse(task):
            yield message
            if task.name == victim and message[0] == "records":
                _die(results, how)

    mirror._parse_file = dying_parse  # type: ignore[assignment]
    mirror._worker(tasks, results, *rest)


def _die(results: Any, how: str) -> None:
    if how == "between":
        results.close()
        results.join_thread()  # the feeder thread has written everything queued
    else:
        results._wlock.acquire()  # waits for the feeder to finish the message before
        start = struct.pack("!i", 1 << 20) + b"\x80\x05" + b"x" * 30  # of 1 MiB announced
        os.write(results._writer.fileno(), start)
    os.kill(os.getpid(), signal.SIGKILL)

"""Starting several refcheck processes at the same moment (runs sharing one file)."""

from __future__ import annotations

import subprocess
import sys


def run_together(code: str, *args: str, n: int = 8) -> list[str]:
    """Run `code` in `n` Python processes started at once; each one's stdout, stripped.

    Every process must exit 0 (its stderr is the assertion message otherwise).
    """
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outs.append(out.strip())
    return outs


def interruptible() -> None:
    """`preexec_fn` for a process a test will Ctrl-C: SIGINT as a terminal leaves it. A shell
    running the suite in the background (`nohup ... &`, some CI runners) starts every child
    with SIGINT ignored, and Python then never raises KeyboardInterrupt at all."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ctrl_c(proc: subprocess.Popen[str], within: float) -> str:
    """Interrupt `proc` as Ctrl-C does; check it ends with one line saying so, and exit code
    130, within `within` seconds (killed and failed otherwise). Returns its stdout."""
    import signal

    import pytest

    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"still running {within:g} s after Ctrl-C")
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["refcheck: interrupted"]
    return out

"""Report formats by name (a registry, like pip-audit's): each returns a str, and a
format that can also write itself piece by piece to a stream (JSON) says so with
a `write` function, used by `writer`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TextIO

from refcheck.models import RunResult

Renderer = Callable[[RunResult], str]
Writer = Callable[[RunResult, TextIO], None]

_MODULES = {
    "text": "refcheck.report.text",
    "json": "refcheck.report.json_report",
    "html": "refcheck.report.html",
    "markdown": "refcheck.report.markdown",
    "csv": "refcheck.report.csv_report",
    "junit": "refcheck.report.junit",
}
FORMATS = tuple(_MODULES)


def _module(name: str) -> ModuleType:
    """A format's module, imported on first use so `text` stays cheap."""
    if name not in _MODULES:
        raise KeyError(name)
    return importlib.import_module(_MODULES[name])


def renderer(name: str) -> Renderer:
    """The render function of a format."""
    render: Renderer = _module(name).render
    return render


def writer(name: str) -> Writer:
    """A function writing a format's report to a stream: page by page where the format
    can (so a big run's report is never held whole), else its rendered text at once."""
    module = _module(name)
    write: Writer | None = getattr(module, "write", None)
    if write is not None:
        return write
    render: Renderer = module.render

    def write_rendered(result: RunResult, out: TextIO) -> None:
        out.write(render(result))

    return write_rendered

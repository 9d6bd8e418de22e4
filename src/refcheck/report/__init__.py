"""Report formats by name (a registry, like pip-audit's): each returns a str."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from refcheck.models import RunResult

Renderer = Callable[[RunResult], str]

_MODULES = {
    "text": "refcheck.report.text",
    "json": "refcheck.report.json_report",
    "html": "refcheck.report.html",
    "markdown": "refcheck.report.markdown",
    "csv": "refcheck.report.csv_report",
    "junit": "refcheck.report.junit",
}
FORMATS = tuple(_MODULES)


def renderer(name: str) -> Renderer:
    """The render function of a format; imported lazily so `text` stays cheap."""
    if name not in _MODULES:
        raise KeyError(name)
    module = importlib.import_module(_MODULES[name])
    render: Renderer = module.render
    return render

"""Compact binary form of refcheck's frozen values, for the derived cache tables.

Why not JSON: a re-check of 1,000 unchanged pages rebuilds some 10,000 frozen
dataclasses (citations, claims, names, findings, records), and a frozen
dataclass's `__init__` sets each field through `object.__setattr__`; building
them from JSON cost more than reading the pages. Pickle restores them in C.

Why this is safe to read from a file someone else may have handed over: the
unpickler resolves only the model classes listed here (and nothing that can run
code), so a tampered cache can at worst fail to load, which callers treat as a
cache miss. Every table that holds these blobs is derived data (it can be
rebuilt from pages and records), and its keys carry a fingerprint of the code
that wrote it, so a changed model never meets an old blob.
"""

from __future__ import annotations

import importlib
import io
import pickle
from typing import Any

# (module, class) pairs a blob may name: the frozen models and their enums.
# Resolved on use, so this module imports nothing above the models.
_ALLOWED = frozenset(
    [
        *(
            ("refcheck.models", name)
            for name in (
                "Status",
                "Severity",
                "Field",
                "PersonName",
                "Claim",
                "Citation",
                "Marker",
                "Extraction",
                "CommentCorrection",
                "PubMedRecord",
                "Finding",
            )
        ),
        ("refcheck.extract.result", "PageExtraction"),
    ]
)
_RESOLVED: dict[tuple[str, str], Any] = {}


class BlobError(ValueError):
    """A stored blob could not be read back (treated as a cache miss)."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        cls = _RESOLVED.get((module, name))
        if cls is None:
            if (module, name) not in _ALLOWED:
                raise BlobError(f"refusing to load {module}.{name} from the cache")
            cls = _RESOLVED[module, name] = getattr(importlib.import_module(module), name)
        return cls


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Any:
    """The stored value; BlobError for anything unreadable or not made of model types."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except BlobError:
        raise
    except Exception as exc:  # a truncated or foreign blob: any unpickling error
        raise BlobError(f"unreadable cache blob ({type(exc).__name__})") from None

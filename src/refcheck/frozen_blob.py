"""Compact binary form of refcheck's frozen values, for the derived cache tables.

Why not JSON: a re-check of 1,000 unchanged pages rebuilds some 10,000 frozen
dataclasses (citations, claims, names, findings, records), and a frozen
dataclass's `__init__` sets each field through `object.__setattr__`; building
them from JSON cost more than reading the pages. Pickle restores them in C.

Why this is safe to read from a file someone else may have handed over: a blob
can name only the model classes and their enum members (by a short reference
resolved from a fixed table) and records the caller hands over; the unpickler
resolves nothing else (and nothing that can run code), so a tampered cache can
at worst fail to load, which callers treat as a cache miss. Every table that
holds these blobs is derived data (it can be rebuilt from pages and records),
and its keys carry a fingerprint of the code that wrote it, so a changed model
never meets an old blob.

Why references rather than pickle's own globals: resolving a class by module
and name calls `find_class` (Python) for every class in every blob, and an enum
member is rebuilt by calling its class; a reference is one dictionary lookup in
C. Fields still at their default are left out of the stored state (the class
attribute of a dataclass field holds its default), a fifth less to rebuild.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import functools
import hashlib
import importlib
import io
import pickle
from collections.abc import Mapping
from typing import Any

from refcheck.models import PubMedRecord

# (module, class) pairs a blob may name: the frozen models and their enums.
# Resolved on use, so this module imports nothing above the models.
_ALLOWED = (
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
            "CitationResult",
        )
    ),
    ("refcheck.extract.result", "PageExtraction"),
)


class BlobError(ValueError):
    """A stored blob could not be read back (treated as a cache miss)."""


@functools.cache
def _allowed_classes() -> dict[tuple[str, str], type]:
    return {(m, n): getattr(importlib.import_module(m), n) for m, n in _ALLOWED}


@functools.cache
def _tables() -> tuple[dict[str, object], dict[int, str], dict[type, tuple[tuple[str, Any], ...]]]:
    """References by name (name -> object, id -> name) and each dataclass's field defaults."""
    refs: dict[str, object] = {}
    for cls in _allowed_classes().values():
        refs[f"class:{cls.__name__}"] = cls
        if issubclass(cls, enum.Enum):
            for member in cls:
                refs[f"enum:{cls.__name__}.{member.name}"] = member
    names = {id(obj): name for name, obj in refs.items()}
    defaults = {
        cls: tuple(
            (f.name, f.default)
            for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING
        )
        for cls in _allowed_classes().values()
        if dataclasses.is_dataclass(cls)
    }
    return refs, names, defaults


@functools.cache
def _header() -> bytes:
    """What starts a blob in this form: a version byte and a digest of what the form leaves
    implicit (the reference names, every field's default). A blob written before a model's
    defaults or names changed is then unreadable, a miss, and never read wrong."""
    refs, _, defaults = _tables()
    fields = sorted(
        (cls.__name__, tuple((name, repr(value)) for name, value in fs))
        for cls, fs in defaults.items()
    )
    spec = repr((sorted(refs), fields)).encode()
    return _FORM + hashlib.sha256(spec).digest()[:4]


_FORM = b"\x01"
_PLAIN_PICKLE = b"\x80"  # blobs written before the header: full state, classes by name


def references(records: Mapping[str, PubMedRecord] | None = None) -> dict[str, object]:
    """What a blob may refer to: the model classes, their enum members and these records
    (by PMID). A caller that keeps one and adds records as they arrive pays nothing per
    `loads`."""
    refs = dict(_tables()[0])
    refs.update(records or {})
    return refs


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # blobs written before references by name (records from earlier versions)
        cls = _allowed_classes().get((module, name))
        if cls is None:
            raise BlobError(f"refusing to load {module}.{name} from the cache")
        return cls


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, records_by_pmid: bool) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._records_by_pmid = records_by_pmid
        _, self._names, self._defaults = _tables()

    def persistent_id(self, obj: Any) -> str | None:
        name = self._names.get(id(obj))
        if name is not None:
            return name
        if self._records_by_pmid and type(obj) is PubMedRecord:
            return obj.pmid
        return None

    def reducer_override(self, obj: Any) -> Any:
        defaults = self._defaults.get(type(obj))
        if defaults is None:
            return NotImplemented
        state = dict(obj.__dict__)
        for name, default in defaults:
            value = state.get(name, dataclasses.MISSING)
            if value is default or (type(value) is type(default) and value == default):
                del state[name]
        # written as NEWOBJ + BUILD, as pickle writes a dataclass itself
        return copyreg.__newobj__, (type(obj),), state  # type: ignore[attr-defined]


def dumps(value: object, *, records_by_pmid: bool = False) -> bytes:
    """`records_by_pmid`: store records as references, for values whose records are kept
    elsewhere (the records table) and must be joined back as they are then (`loads`)."""
    out = io.BytesIO()
    out.write(_header())
    _Pickler(out, records_by_pmid).dump(value)
    return out.getvalue()


def loads(data: bytes, refs: Mapping[str, object] | None = None) -> Any:
    """The stored value; BlobError for anything unreadable or not made of model types.

    `refs` (from `references`) holds the records a blob may refer to by PMID (see
    `dumps`); a reference to anything not in it makes the blob unreadable.
    """
    # the mapping's own lookup, called from C: no Python frame per reference
    lookup = (refs if refs is not None else _tables()[0]).__getitem__
    try:
        stream = io.BytesIO(data)
        header = _header()
        if data[: len(header)] == header:
            stream.seek(len(header))
        elif data[:1] != _PLAIN_PICKLE:
            raise BlobError("written in another form of refcheck's stored values")
        unpickler = _Unpickler(stream)
        unpickler.persistent_load = lookup  # type: ignore[method-assign]
        return unpickler.load()
    except BlobError:
        raise
    except Exception as exc:  # a truncated or foreign blob, an unknown reference: any error
        raise BlobError(f"unreadable cache blob ({type(exc).__name__})") from None

"""The one serialisation of every record: a record's JSON keys are its dataclass fields, or
the entries its ``__json__`` lists; values are converted recursively.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

#: One JSON key of a record: an attribute (field or property) serialised under its own name,
#: ``(key, attribute)``, or ``(key, attribute, by)`` for a tuple of records written as an
#: object keyed by each record's ``by`` attribute.
JsonEntry = str | tuple[str, str] | tuple[str, str, str]


class Record:
    """Base of the records: one serialisation for all of them.

    A record's JSON object has the keys listed in its ``__json__`` (by default every
    dataclass field, in order); values are converted recursively: records to objects,
    tuples to lists, mappings to objects. ``tests/test_records.py`` checks that every
    field is either written or deliberately left out.
    """

    __json__: ClassVar[tuple[JsonEntry, ...] | None] = None

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (the report schema's shape)."""
        return as_dict(self)


def json_entries(cls: type) -> tuple[tuple[str, str, str | None], ...]:
    """``(key, attribute, keyed_by)`` for each JSON key of a record class, in order."""
    spec = getattr(cls, "__json__", None)
    if spec is None:
        return tuple((f.name, f.name, None) for f in dataclasses.fields(cls))
    out: list[tuple[str, str, str | None]] = []
    for entry in spec:
        if isinstance(entry, str):
            out.append((entry, entry, None))
        elif len(entry) == 2:
            out.append((entry[0], entry[1], None))
        else:
            out.append((entry[0], entry[1], entry[2]))
    return tuple(out)


def _json_value(value: Any) -> Any:
    if isinstance(value, Record):
        return as_dict(value)
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def as_dict(record: Record) -> dict[str, Any]:
    """The JSON object of a record, built from its ``__json__`` entries."""
    out: dict[str, Any] = {}
    for key, attr, by in json_entries(type(record)):
        value = getattr(record, attr)
        if by is None:
            out[key] = _json_value(value)
        else:
            out[key] = {getattr(item, by): as_dict(item) for item in value}
    return out

"""Write a ``Snapshot`` as a snapshot file: YAML (the style of ``lists/``) or JSON Lines.

Both are read back by ``loader.load_snapshot`` to an equal snapshot (positions aside), and
the same snapshot always gives the same text.

YAML, without a YAML library (this module must not import ``yaml``; the emitter needs
only scalars, block lists and one-line flow mappings):

- keys in the schema's order (``schema.SNAPSHOT_KEYS``, ``schema.ENTITY_KEYS``); empty
  values (None, empty lists) are left out;
- a string is written plain only when that is safe: no leading or trailing space, no
  YAML indicator at its start, no ``": "`` or ``" #"``, nothing YAML 1.1 would read as a
  number, boolean, null or date (``loader.typed_by_yaml11``), no digit at its start, no
  character that must be escaped; otherwise it is double-quoted, with escapes for control
  characters, line breaks (also U+0085, U+2028, U+2029) and what YAML cannot carry raw;
- identifier values and birth dates are always quoted; ``date`` and ``listed_on`` are
  plain YYYY-MM-DD;
- identifiers are flow mappings ``{type: ..., value: "..."}``, where ``, [ ] { } : #`` also
  force quotes.

JSON Lines: the ``{"snapshot": {...}}`` line, then one entity object per line, with the
same keys in the same order (``jsonl`` reads them).

Entities are written in the order given; ``convert`` gives them in ``in_id_order`` (ids in
natural order, entities without an id last, as read), so that two releases of an official
list that a publisher ordered differently give files that differ only where entries do,
and ``validate`` finds nothing to reorder (SD105).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

from sanctions_diff.formats.loader import typed_by_yaml11
from sanctions_diff.formats.schema import ENTITY_KEYS, SNAPSHOT_KEYS
from sanctions_diff.model import Entity, Snapshot
from sanctions_diff.ordering import natural_key


def in_id_order(snapshot: Snapshot) -> Snapshot:
    """The snapshot with its entities sorted by id in natural order (eu-fsf-9 before
    eu-fsf-10); entities without an id follow in their order."""
    with_id = sorted(
        (e for e in snapshot.entities if e.id is not None), key=lambda e: natural_key(e.id or "")
    )
    without = [e for e in snapshot.entities if e.id is None]
    return replace(snapshot, entities=(*with_id, *without))


HEADER = "# A sanctions-diff snapshot (see README, Snapshot format)."

# Characters that may not start a plain scalar (YAML indicators), plus those that would
# make it a number, a date, null (~) or a special float.
_NO_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`+.~0123456789")
_FLOW_SPECIAL = frozenset(",[]{}:#")


# What YAML cannot carry raw: outside YAML 1.1's printable set (C0 and C1 controls, DEL,
# surrogates, U+FFFE/U+FFFF), the byte order mark, and the line breaks besides \n
# (U+0085, U+2028, U+2029), which would be folded. Tab, \n and \r are outside the set too.
_RAW_UNSAFE = (
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
# A plain scalar may hold none of those; a double-quoted one escapes them and " and \.
_NOT_PLAIN = re.compile(_RAW_UNSAFE)
_ESCAPED = re.compile(_RAW_UNSAFE + '|["\\\\]')
_NAMED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _NO_PLAIN_START:
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(char in _FLOW_SPECIAL for char in value):
        return False
    if _NOT_PLAIN.search(value):
        return False
    return not typed_by_yaml11(value)


def _quoted(value: str) -> str:
    return '"' + _ESCAPED.sub(_escape, value) + '"'


def scalar(value: str, *, flow: bool = False, quote: bool = False) -> str:
    """A string as YAML: plain where safe (and not ``quote``), else double-quoted."""
    return value if not quote and _plain_ok(value, flow) else _quoted(value)


def _meta_fields(snapshot: Snapshot) -> dict[str, object]:
    meta = snapshot.meta
    fields: dict[str, object] = {
        "title": meta.title,
        "kind": meta.kind.value,
        "package": meta.package,
        "stage": meta.stage.value if meta.stage else None,
        "date": meta.date.isoformat() if meta.date else None,
        "coverage": meta.coverage.value,
        "sources": list(meta.sources),
        "annex": meta.annex,
    }
    assert tuple(fields) == SNAPSHOT_KEYS  # one order for both writers and the schema
    return {key: value for key, value in fields.items() if value not in (None, [])}


def _entity_fields(entity: Entity) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": entity.id,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "type": entity.type.value,
        "country": entity.country,
        "identifiers": [{"type": i.type, "value": i.value} for i in entity.identifiers],
        "addresses": list(entity.addresses),
        "listed_on": entity.listed_on.isoformat() if entity.listed_on else None,
        "source": entity.source,
        "birth_dates": list(entity.birth_dates),
        "nationalities": list(entity.nationalities),
        "reason": entity.reason,
    }
    assert tuple(fields) == ENTITY_KEYS
    return {key: value for key, value in fields.items() if value not in (None, [])}


# Keys whose values are written as they are (enums, numbers, dates); the rest are text.
_VERBATIM = frozenset({"kind", "package", "stage", "coverage", "type", "date", "listed_on"})
# Lists whose items are always quoted (they read as dates or numbers unquoted).
_QUOTED_ITEMS = frozenset({"birth_dates"})


def _yaml_value(key: str, value: object) -> str:
    if key in _VERBATIM:
        return str(value)
    assert isinstance(value, str)
    return scalar(value)


def _yaml_fields(fields: dict[str, object], indent: str, first: str) -> Iterator[str]:
    """``key: value`` lines; the first line starts with ``first`` ("- " for a list item)."""
    lead = first
    for key, value in fields.items():
        if isinstance(value, list):
            yield f"{lead}{key}:"
            for item in value:
                if isinstance(item, dict):
                    kind = scalar(str(item["type"]), flow=True)
                    number = scalar(str(item["value"]), quote=True)
                    yield f"{indent}- {{type: {kind}, value: {number}}}"
                else:
                    yield f"{indent}- {scalar(str(item), quote=key in _QUOTED_ITEMS)}"
        else:
            yield f"{lead}{key}: {_yaml_value(key, value)}"
        lead = indent


def write_yaml(snapshot: Snapshot) -> str:
    """The snapshot as YAML in the style of the bundled lists."""
    lines = [HEADER, "snapshot:"]
    lines.extend(_yaml_fields(_meta_fields(snapshot), "  ", "  "))
    if not snapshot.entities:
        lines.append("entities: []")
    else:
        lines.append("entities:")
        for entity in snapshot.entities:
            lines.extend(_yaml_fields(_entity_fields(entity), "  ", "- "))
    return "\n".join(lines) + "\n"


def write_jsonl(snapshot: Snapshot) -> str:
    """The snapshot as JSON Lines: the metadata line, then one entity per line."""
    lines = [json.dumps({"snapshot": _meta_fields(snapshot)}, ensure_ascii=False)]
    lines.extend(json.dumps(_entity_fields(e), ensure_ascii=False) for e in snapshot.entities)
    return "\n".join(lines) + "\n"

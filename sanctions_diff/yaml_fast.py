"""The fast path for reading well-formed snapshots: the only module that imports yaml_rs.

Why: on a 100,000-entity snapshot (60 MB) pyyaml's libyaml parser needs ~45 s to build the
node tree the loader checks, yaml-rs (Rust) ~1.7 s (``python -m benchmarks.parse_yaml``).

Contract: ``parse_fast`` returns exactly the ``Snapshot`` the node-based loader would
return, or None, and then the loader reads the file itself — so every error is still
reported by one reader, with line and column. None is returned for anything this path
cannot judge as pyyaml would:

- anything yaml-rs refuses (syntax, duplicate keys);
- a possible anchor, alias or tag anywhere in the text (yaml-rs would expand aliases and
  drop unknown tags, where the loader refuses both);
- a value of the wrong type, a missing or unknown key, a bad date, country or choice;
- a string that YAML 1.1 (pyyaml) would read as a number, boolean, null or date: yaml-rs
  reads YAML 1.2 and cannot say whether ``yes`` was quoted, so the loader decides;
- entity start lines that cannot be found by a plain scan of block-style YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml_rs

from .countries import to_code
from .model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
    Stage,
)
from .schema import ENTITY_KEYS, IDENTIFIER_KEYS, SNAPSHOT_KEYS, TOP_KEYS, parse_date

# Anchors (&a), aliases (*a) and tags (!t, !!t) can only begin a value: at a line start,
# after "- ", or after ":", "[", "{", ",". "the UK &US" in a statement of reasons is text.
# A false alarm only costs the slow path.
_MAYBE_ANCHOR_ALIAS_OR_TAG = re.compile(r"(?:^[ \t]*|-[ \t]+|[:\[{,][ \t]*)[&*!]\S", re.MULTILINE)

# Characters on which the two parsers disagree: control characters pyyaml refuses and
# yaml-rs may take, and line breaks that YAML 1.1 knows and 1.2 does not (NEL, U+2028,
# U+2029, a lone CR), which shift every line number after them.
_DISPUTED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\u2028\u2029\ufeff\ufffe\uffff]"
)

# Document markers and directives: several documents, or a %YAML version, are judged by
# the reference reader.
_DOCUMENT_MARKERS = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)

# The package number as plainly written in the header; anything else (0x0B, +11, "11")
# is left to the reference reader, which reads the text as written.
_PLAIN_PACKAGE = re.compile(r"^[ \t]+package:[ \t]*([0-9]+)[ \t]*(?:#.*)?$", re.MULTILINE)


class _NotFast(Exception):
    """Raised inside the fast path: let the node-based loader read this file."""


def _text(value: object, typed_by_yaml11: Callable[[str], bool]) -> str:
    if not isinstance(value, str) or typed_by_yaml11(value):
        raise _NotFast
    return value.strip()


def _raw(value: object) -> str:
    """A value read as written, for ids, codes and birth dates: strings, and plain
    YYYY-MM-DD dates (yaml-rs types nothing else as a date, so the text is known)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise _NotFast
    return value.strip()


def _nonempty(value: object) -> str:
    text = _raw(value)
    if not text:
        raise _NotFast
    return text


def _texts(value: object, typed_by_yaml11: Callable[[str], bool]) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _NotFast
    found = tuple(_text(item, typed_by_yaml11) for item in items)
    return tuple(item for item in found if item)


def _country(value: object) -> str:
    code = to_code(_raw(value))
    if code is None:
        raise _NotFast
    return code


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise _NotFast
    return parsed


def _mapping(value: object, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= set(allowed):
        raise _NotFast
    return value


def _meta(value: object, typed: Callable[[str], bool], plain_packages: set[str]) -> SnapshotMeta:
    fields = _mapping(value, SNAPSHOT_KEYS)
    title = _text(fields.get("title"), typed)
    kind = SnapshotKind(_raw(fields.get("kind", "consolidated")).lower())
    package = fields.get("package")
    if package is not None and (
        isinstance(package, bool)
        or not isinstance(package, int)
        or str(package) not in plain_packages
    ):
        raise _NotFast
    stage = Stage(_raw(fields["stage"]).lower()) if "stage" in fields else None
    if not title or (kind is SnapshotKind.PACKAGE and (package is None or stage is None)):
        raise _NotFast
    return SnapshotMeta(
        title=title,
        kind=kind,
        package=package,
        stage=stage,
        date=_date(fields.get("date")),
        coverage=Coverage(_raw(fields.get("coverage", "complete")).lower()),
        sources=_texts(fields.get("sources"), typed),
        annex=_text(fields["annex"], typed) if fields.get("annex") is not None else None,
    )


def _entity(value: object, line: int, typed: Callable[[str], bool]) -> Entity:
    fields = _mapping(value, ENTITY_KEYS)
    name = _text(fields.get("name"), typed)
    country = _country(fields["country"]) if fields.get("country") is not None else None
    nationalities = fields.get("nationalities") or []
    birth_dates = fields.get("birth_dates") or []
    if not isinstance(nationalities, list) or not isinstance(birth_dates, list):
        raise _NotFast
    identifiers = []
    for item in fields.get("identifiers") or []:
        pair = _mapping(item, IDENTIFIER_KEYS)
        kind, number = _raw(pair.get("type")), _raw(pair.get("value"))
        if not kind or not number:
            raise _NotFast
        identifiers.append(Identifier(kind, number))
    if not name or ("identifiers" in fields and not isinstance(fields["identifiers"], list | None)):
        raise _NotFast
    return Entity(
        name=name,
        type=EntityType(_raw(fields.get("type", "organization")).lower()),
        id=_nonempty(fields["id"]) if fields.get("id") is not None else None,
        aliases=_texts(fields.get("aliases"), typed),
        country=country,
        identifiers=tuple(identifiers),
        addresses=_texts(fields.get("addresses"), typed),
        listed_on=_date(fields.get("listed_on")),
        source=_text(fields["source"], typed) if fields.get("source") is not None else None,
        birth_dates=tuple(v for v in (_raw(b) for b in birth_dates) if v),
        nationalities=tuple(_country(n) for n in nationalities),
        reason=_text(fields["reason"], typed) if fields.get("reason") is not None else None,
        line=line,
    )


def entity_lines(text: str) -> list[int]:
    """1-based start lines of the items of the top-level ``entities:`` block sequence."""
    lines = text.split("\n")
    try:
        start = next(k for k, line in enumerate(lines) if line.rstrip() == "entities:")
    except StopIteration:
        return []
    found: list[int] = []
    indent: int | None = None
    for k in range(start + 1, len(lines)):
        line = lines[k]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if indent is None:
            indent = depth
        if depth < indent or (depth == 0 and not stripped.startswith("- ")):
            break
        if depth == indent and (stripped == "-" or stripped.startswith("- #")):
            return []  # the item starts on a later line: the reference reader will tell which
        if depth == indent and stripped.startswith("- "):
            found.append(k + 1)
    return found


def parse_fast(text: str, path: str, typed_by_yaml11: Callable[[str], bool]) -> Snapshot | None:
    """The snapshot, or None when the node-based loader must read this text (see above)."""
    if any(
        p.search(text)
        for p in (_MAYBE_ANCHOR_ALIAS_OR_TAG, _DISPUTED_CHARACTERS, _DOCUMENT_MARKERS)
    ):
        return None
    try:
        data = yaml_rs.loads(text)
        root = _mapping(data, TOP_KEYS)
        if "snapshot" not in root or "entities" not in root:
            return None
        plain_packages = {m.group(1).lstrip("0") or "0" for m in _PLAIN_PACKAGE.finditer(text)}
        meta = _meta(root["snapshot"], typed_by_yaml11, plain_packages)
        items = root["entities"] if root["entities"] is not None else []
        if not isinstance(items, list):
            return None
        lines = entity_lines(text) if items else []
        if len(lines) != len(items):
            return None
        entities = tuple(
            _entity(item, line, typed_by_yaml11) for item, line in zip(items, lines, strict=True)
        )
    except (_NotFast, ValueError, TypeError, yaml_rs.YAMLDecodeError):
        return None
    ids = [e.id for e in entities if e.id is not None]
    if len(ids) != len(set(ids)):
        return None
    return Snapshot(meta=meta, entities=entities, origin=path)

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

import re
from collections.abc import Callable

import yaml_rs

from .model import (
    Snapshot,
)
from .objects import Invalid, mapping, read_entity, read_meta
from .schema import TOP_KEYS

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
        root = mapping(data, "the file", TOP_KEYS)
        if "snapshot" not in root or "entities" not in root:
            return None
        plain_packages = {int(m.group(1)) for m in _PLAIN_PACKAGE.finditer(text)}
        meta = read_meta(root["snapshot"], typed_by_yaml11, plain_packages.__contains__)
        items = root["entities"] if root["entities"] is not None else []
        if not isinstance(items, list):
            return None
        lines = entity_lines(text) if items else []
        if len(lines) != len(items):
            return None
        entities = tuple(
            read_entity(item, line, typed_by_yaml11)
            for item, line in zip(items, lines, strict=True)
        )
    except (Invalid, ValueError, TypeError, yaml_rs.YAMLDecodeError):
        return None
    ids = [e.id for e in entities if e.id is not None]
    if len(ids) != len(set(ids)):
        return None
    return Snapshot(meta=meta, entities=entities, origin=path)

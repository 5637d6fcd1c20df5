"""The fast path for reading well-formed snapshots: the only module that imports yaml_rs.

Why: on a 100,000-entity snapshot (60 MB) pyyaml's libyaml parser needs ~45 s to build the
node tree the loader checks, yaml-rs (Rust) ~1.7 s (``python -m benchmarks.parse_yaml``).

Contract: ``parse_fast`` returns exactly the ``Snapshot`` the node-based loader would
return, or None, and then the loader reads the file itself — so every error is still
reported by one reader, with line and column. The one error raised here is the node
reader's for one of sanctions-diff's own reports (``schema.ReportGiven``, at 1:1): a large
JSON report is told in seconds, where pyyaml would compose it for minutes. None is
returned for anything this path cannot judge as pyyaml would:

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

from sanctions_diff.model import Entity, Snapshot, SnapshotMeta

from .objects import Invalid, mapping, read_entity, read_meta
from .schema import MAX_PACKAGE_DIGITS, TOP_KEYS, refuse_report

# Anchors (&a), aliases (*a) and tags (!t, !!t) can only begin a value or a key: at a line
# start, after "- ", after an explicit key's "? ", or after ":", "[", "{", ",". "the UK &US"
# in a statement of reasons is text. A false alarm only costs the slow path.
_VALUE_START = frozenset(":[{,-?\n")


def _maybe_anchor_alias_or_tag(text: str) -> bool:
    """Looks only at the few & * ! in a file (a regex over every position cost 0.5 s per
    10 MB): is one at the start of a value, followed by a non-space?"""
    for mark in "&*!":
        at = text.find(mark)
        while at >= 0:
            after = text[at + 1 : at + 2]
            before = at - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if after.strip() and (before < 0 or text[before] in _VALUE_START):
                return True
            at = text.find(mark, at + 1)
    return False


# Characters on which the two parsers disagree: control characters pyyaml refuses and
# yaml-rs may take, and line breaks that YAML 1.1 knows and 1.2 does not (NEL, U+2028,
# U+2029, a lone CR), which shift every line number after them. Looked for in the UTF-8
# bytes: the ASCII ones are single bytes, the others begin with C2, E2 or EF.
_DISPUTED_ASCII = bytes([*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), 0x7F])
_DISPUTED_BY_LEAD = {
    0xC2: re.compile(b"\xc2[\x80-\x9f]"),  # U+0080-U+009F (NEL among them)
    0xE2: re.compile(b"\xe2\x80[\xa8\xa9]"),  # U+2028, U+2029
    0xEF: re.compile(b"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # U+FEFF, U+FFFE, U+FFFF
}
_LEADS = bytes(_DISPUTED_BY_LEAD)
_INNOCENT_BYTES = bytes(b for b in range(256) if b not in _DISPUTED_ASCII + _LEADS)


def _has_disputed_characters(text: str) -> bool:
    """Whether ``text`` holds a disputed character. C drops every byte that cannot be or
    begin one; only the lead bytes left (« and » begin with C2) are looked at by a regex
    that starts with them (30 MB of names: 0.12 -> 0.04 s against a character class
    tried at every character)."""
    data = text.encode("utf-8", "surrogatepass")
    left = data.translate(None, _INNOCENT_BYTES)
    if not left:
        return False
    if left.translate(None, _LEADS):
        return True  # an ASCII control character or CR
    return any(
        lead in left and pattern.search(data) is not None
        for lead, pattern in _DISPUTED_BY_LEAD.items()
    )


# Document markers and directives: several documents, or a %YAML version, are judged by
# the reference reader.
_DOCUMENT_MARKERS = ("---", "...", "%")
# One pass, searched for its leading line break in C (three substring searches: 3x slower).
_MARKER_LINE = re.compile(r"\n(?:---|\.\.\.|%)")


def _has_document_marker(text: str) -> bool:
    return text.startswith(_DOCUMENT_MARKERS) or _MARKER_LINE.search(text) is not None


# The package number as plainly written in the header; anything else (0x0B, +11, "11")
# is left to the reference reader, which reads the text as written.
_PLAIN_PACKAGE = re.compile(r"^[ \t]+package:[ \t]*([0-9]+)[ \t]*(?:#.*)?$", re.MULTILINE)


_ENTITIES_KEY = re.compile(r"^entities:[ \t]*$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)
# A bare list of entities (no ``entities:`` key): blank and comment lines, then an item.
_BARE_LIST = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*( *)-(?: |\n|$)")
# Line starts are found as "\n" followed by ...: a pattern that begins with a literal is
# searched for that literal in C, where "^" in MULTILINE mode is tried at every position
# (30 MB: 0.02 s, not 0.14 s). Searches start after the "entities:" line, never at 0.
_TOP_LEVEL_LINE = re.compile(r"\n[^\s#-]")


def is_bare_list(text: str) -> bool:
    """Whether the text is a bare block list of entities, by its first line that is not
    blank or a comment."""
    return _BARE_LIST.match(text) is not None


def entity_items(text: str) -> tuple[list[tuple[int, int]], int]:
    """(1-based line, offset) of the start of each item of the top-level ``entities:`` block
    sequence (or of the file, when it is a bare list), and the offset where that block
    ends; ([], 0) when they cannot be told by a plain scan (the caller then compares
    counts)."""
    if is_bare_list(text):
        after = 0
    else:
        key = _ENTITIES_KEY.search(text)
        if key is None:
            return [], 0
        after = key.end()
    first = _FIRST_ITEM.search(text, after)
    if first is None:
        return [], 0
    indent = first.group(1)
    # Items at column 0: the block ends at the next top-level key, not at a "- " line.
    end_match = _TOP_LEVEL_LINE.search(text, after)
    end = end_match.start() + 1 if end_match else len(text)
    # The first item, then each line starting with the same indent and a dash (a bare
    # list's first item may be at offset 0, with no line break before it).
    starts = [first.start()]
    item = re.compile(rf"\n{indent}-")
    starts += [m.start() + 1 for m in item.finditer(text, first.start(), end)]
    found: list[tuple[int, int]] = []
    line, last = text.count("\n", 0, first.start()) + 1, first.start()
    for start in starts:
        dash = start + len(indent) + 1
        stop = text.find("\n", dash, end)
        rest = text[dash : stop if stop >= 0 else end]
        if not rest.startswith(" ") or not rest.strip() or rest.lstrip().startswith("#"):
            return [], 0  # an item starting on a later line, or not plainly an item
        line += text.count("\n", last, start)
        last = start
        found.append((line, start))
    return found, end


def entity_lines(text: str) -> list[int]:
    """1-based start lines of the items of the top-level ``entities:`` block sequence, or []
    when they cannot be told by a plain scan (the caller then compares counts)."""
    return [line for line, _ in entity_items(text)[0]]


def _suspect(text: str) -> bool:
    """Text this path cannot judge as pyyaml would (see the module's contract)."""
    return (
        _maybe_anchor_alias_or_tag(text)
        or _has_disputed_characters(text)
        or _has_document_marker(text)
    )


def read_items(
    chunk: str, lines: list[int], typed_by_yaml11: Callable[[str], bool]
) -> list[Entity] | None:
    """The entities of a run of items of the entities block (``chunk`` runs from the start of
    the first to the start of the next; ``lines`` are their start lines), or None when the
    node-based loader must read it. Duplicate ids are not checked here."""
    if _suspect(chunk):
        return None
    try:
        items = yaml_rs.loads(chunk)
        if not isinstance(items, list) or len(items) != len(lines):
            return None
        return [
            read_entity(item, line, typed_by_yaml11)
            for item, line in zip(items, lines, strict=True)
        ]
    except (Invalid, ValueError, TypeError, yaml_rs.YAMLDecodeError):
        return None


def parse_fast(text: str, path: str, typed_by_yaml11: Callable[[str], bool]) -> Snapshot | None:
    """The snapshot, or None when the node-based loader must read this text (see above)."""
    if _suspect(text):
        return None
    try:
        data = yaml_rs.loads(text)
        if isinstance(data, list):
            # A bare list of entities: a quick list without header (see loader.parse_nodes).
            meta, items = SnapshotMeta.headerless(path), data
        else:
            if isinstance(data, dict):
                refuse_report(data, path)  # raises as the node reader does
            root = mapping(data, "the file", TOP_KEYS)
            if "entities" not in root:
                return None

            def plain_package(number: int) -> bool:
                # Looked for only when there is a package (a scan of 30 MB costs 0.25 s).
                return any(
                    int(m.group(1)) == number and len(m.group(1)) <= MAX_PACKAGE_DIGITS
                    for m in _PLAIN_PACKAGE.finditer(text)
                )

            meta = (
                read_meta(root["snapshot"], typed_by_yaml11, plain_package, path)
                if "snapshot" in root
                else SnapshotMeta.headerless(path)
            )
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

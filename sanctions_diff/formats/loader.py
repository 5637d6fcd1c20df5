"""Read a YAML snapshot file into a ``Snapshot``: the only module that imports yaml.

How: pyyaml *composes* the file into a node tree (libyaml's C parser when present) and this
module converts the nodes itself, field by field. Working on nodes rather than on
``safe_load``'s Python objects buys three things:

- every problem carries the line and column of the node that caused it;
- YAML 1.1's implicit typing cannot corrupt data: a scalar's text is read as written, so
  ``country: NO`` stays Norway and ``id: 0123`` keeps its zero;
- duplicate keys, unknown keys and anchors/aliases are seen (``safe_load`` silently keeps
  the last duplicate and expands aliases, which is how "billion laughs" bombs work).

Every problem in a file is collected before failing, so one run shows them all.
Only safe loading is used: tags such as ``!!python/object`` are rejected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import yaml

from sanctions_diff import collector
from sanctions_diff.countries import to_code
from sanctions_diff.errors import InputError, Problem
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
    Stage,
)
from sanctions_diff.progress import Progress

from . import read_any
from .jsonl import SNIFF_BYTES, load_jsonl, looks_like_jsonl
from .schema import (
    EMPTY_TITLE,
    ENTITY_KEYS,
    IDENTIFIER_KEYS,
    MAX_PACKAGE_DIGITS,
    SNAPSHOT_KEYS,
    TOP_KEYS,
    ReportGiven,
    parse_date,
    refuse_report,
)
from .yaml_fast import entity_items, is_bare_list, parse_fast, read_items

# The C parser is 5-10x faster; pure Python is the fallback where libyaml is missing.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Larger files are refused before reading: a snapshot of 1M entities in YAML is about
# 260 MB, and composing a node tree costs ~10x the file size in memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")
)

E = TypeVar("E")

# ASCII digits only: str.isdigit() also takes "²", which int() refuses.
_DIGITS = re.compile(r"[0-9]+")

# Snapshots nest five levels (file, entities, entity, identifiers, identifier); pyyaml's C
# composer recurses per level and crashes the interpreter near 50,000, so anything deeper
# than this is refused before composing.
MAX_DEPTH = 64

_TYPE_WORDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:timestamp": "a date",
}


_ALIAS_MESSAGE = "anchors and aliases (&name / *name) are not allowed — write the value out"


@dataclass
class _Reader:
    """Converts nodes of one file, collecting problems instead of stopping at the first."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def visit(self, node: yaml.Node) -> bool:
        """False (with a problem) for a node reached twice: an alias, which we do not allow."""
        if id(node) in self.seen:
            self.problem(node, _ALIAS_MESSAGE)
            return False
        self.seen.add(id(node))
        if node.tag not in _SAFE_TAGS:
            self.problem(
                node, f"tag {node.tag} is not allowed — remove it (only plain YAML is read)"
            )
            return False
        return True

    # -- structure -------------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, what: str, allowed: tuple[str, ...]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """Key text → (key node, value node), reporting duplicate and unknown keys."""
        if not self.visit(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
            return None
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"{what} has a key that is not text — use plain keys")
                continue
            key = key_node.value
            if key in result:
                first = result[key][0].start_mark.line + 1
                self.problem(
                    key_node, f"duplicate key '{key}' in {what} (first on line {first}) — keep one"
                )
                continue
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else "allowed: " + ", ".join(allowed)
                self.problem(key_node, f"unknown key '{key}' in {what} — {fix}")
                continue
            result[key] = (key_node, value_node)
        return result

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not self.visit(node):
            return []
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    # -- scalars ---------------------------------------------------------------------------

    def raw(self, node: yaml.Node, what: str) -> str | None:
        """A scalar's text exactly as written, whatever type YAML would give it (ids, codes)."""
        if not self.visit(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be a single value, not {_kind(node)}")
            return None
        if _is_null(node):
            return None
        return str(node.value).strip()

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A string field. Unquoted numbers, booleans and dates are refused, not coerced."""
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag in _TYPE_WORDS
            and not node.style  # plain (unquoted): YAML typed it
        ):
            self.visit(node)
            read_as = _TYPE_WORDS[node.tag]
            self.problem(node, f'{what} is read as {read_as}, not text — quote it: "{node.value}"')
            return None
        return self.raw(node, what)

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A list of strings; a single string is taken as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            one = self.text(node, what)
            return (one,) if one else ()
        found = []
        for item in self.sequence(node, what):
            before = len(self.problems)
            value = self.text(item, f"each of {what}")
            if value:
                found.append(value)
            elif len(self.problems) == before:
                # Silently dropping it would hide a half-deleted line; say so instead.
                self.problem(item, f"empty item in {what} — remove it")
        return tuple(found)

    def raws(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A list of values read as written (birth dates: '1976-07-25', '1965', 'March 1978')."""
        values = (self.raw(item, f"each of {what}") for item in self.sequence(node, what))
        return tuple(v for v in values if v)

    def country(self, node: yaml.Node, what: str) -> str | None:
        raw = self.raw(node, what)
        if not raw:
            return None
        code = to_code(raw)
        if code is None:
            self.problem(
                node,
                f"unknown {what} '{raw}' — use an ISO 3166 alpha-2 code (e.g. RU, HK, XK) or an English name",
            )
        return code

    def date(self, node: yaml.Node, what: str) -> dt.date | None:
        value = self.raw(node, what)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
        self.problem(node, f"{what} '{value}' is not a date — write YYYY-MM-DD")
        return None

    def choice(
        self, node: yaml.Node, what: str, enum: Callable[[str], E], allowed: list[str]
    ) -> E | None:
        value = self.raw(node, what)
        if value is None:
            return None
        try:
            return enum(value.lower())
        except ValueError:
            self.problem(node, f"{what} '{value}' is not one of: {', '.join(allowed)}")
            return None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "empty"
    return f"the value '{node.value}'"


def _values(enum: type[E]) -> list[str]:
    return [str(getattr(member, "value", member)) for member in enum]  # type: ignore[attr-defined]


# -- the snapshot ----------------------------------------------------------------------------


def _read_meta(r: _Reader, node: yaml.Node | None) -> SnapshotMeta | None:
    """The ``snapshot:`` header; without one, what a quick list is taken to be (see
    ``SnapshotMeta.headerless``), titled with the file's name as the user gave it."""
    if node is None:
        return SnapshotMeta.headerless(r.path)
    fields = r.mapping(node, "snapshot", SNAPSHOT_KEYS)
    if fields is None:
        return None
    get = {key: value for key, (_, value) in fields.items()}
    title: str | None = r.path
    if "title" in get:
        before = len(r.problems)
        title = r.text(get["title"], "title")
        if not title and len(r.problems) == before:
            r.problem(get["title"], EMPTY_TITLE)
    kind = SnapshotKind.CONSOLIDATED
    if "kind" in get:
        kind = r.choice(get["kind"], "kind", SnapshotKind, _values(SnapshotKind)) or kind
    package: int | None = None
    if "package" in get:
        raw = r.raw(get["package"], "package")
        if raw is not None and _DIGITS.fullmatch(raw) and len(raw) <= MAX_PACKAGE_DIGITS:
            package = int(raw)
        elif raw is not None:
            r.problem(
                get["package"],
                f"package '{raw}' is not a package number — write e.g. 'package: 11'",
            )
    stage = r.choice(get["stage"], "stage", Stage, _values(Stage)) if "stage" in get else None
    coverage = Coverage.COMPLETE
    if "coverage" in get:
        coverage = r.choice(get["coverage"], "coverage", Coverage, _values(Coverage)) or coverage
    if kind is SnapshotKind.PACKAGE and (package is None or stage is None):
        r.problem(node, "a snapshot of kind 'package' needs 'package: N' and 'stage: draft|final'")
    return SnapshotMeta(
        title=title or "",
        kind=kind,
        package=package,
        stage=stage,
        date=r.date(get["date"], "date") if "date" in get else None,
        coverage=coverage,
        sources=r.texts(get["sources"], "sources") if "sources" in get else (),
        annex=r.text(get["annex"], "annex") if "annex" in get else None,
    )


def _read_identifiers(r: _Reader, node: yaml.Node) -> tuple[Identifier, ...]:
    found: list[Identifier] = []
    for item in r.sequence(node, "identifiers"):
        fields = r.mapping(item, "an identifier", IDENTIFIER_KEYS)
        if fields is None:
            continue
        kind = r.raw(fields["type"][1], "identifier type") if "type" in fields else None
        value = r.raw(fields["value"][1], "identifier value") if "value" in fields else None
        if not kind or not value:
            r.problem(
                item,
                "an identifier needs both 'type' and 'value' — e.g. {type: INN, value: \"7721758555\"}",
            )
            continue
        found.append(Identifier(kind, value))
    return tuple(found)


def _read_entity(r: _Reader, node: yaml.Node) -> Entity | None:
    fields = r.mapping(node, "an entity", ENTITY_KEYS)
    if fields is None:
        return None
    get = {key: value for key, (_, value) in fields.items()}
    name: str | None = None
    if "name" not in get:
        r.problem(node, "entity has no name — add 'name: ...'")
    else:
        before = len(r.problems)
        name = r.text(get["name"], "name")
        if not name and len(r.problems) == before:
            r.problem(get["name"], "entity name is empty — write the name as printed")
    entity_type = EntityType.ORGANIZATION
    if "type" in get:
        entity_type = r.choice(get["type"], "type", EntityType, _values(EntityType)) or entity_type
    country = r.country(get["country"], "country") if "country" in get else None
    # Every field is read (and checked) even when the name is bad, so one run shows all problems.
    aliases = r.texts(get["aliases"], "aliases") if "aliases" in get else ()
    identifiers = _read_identifiers(r, get["identifiers"]) if "identifiers" in get else ()
    addresses = r.texts(get["addresses"], "addresses") if "addresses" in get else ()
    listed_on = r.date(get["listed_on"], "listed_on") if "listed_on" in get else None
    source = r.text(get["source"], "source") if "source" in get else None
    entity_id = r.raw(get["id"], "id") if "id" in get else None
    if entity_id == "":
        r.problem(get["id"], "id is empty — give a value or remove the key")
    birth_dates = r.raws(get["birth_dates"], "birth_dates") if "birth_dates" in get else ()
    nationalities: tuple[str, ...] = ()
    if "nationalities" in get:
        each = r.sequence(get["nationalities"], "nationalities")
        nationalities = tuple(c for c in (r.country(n, "nationality") for n in each) if c)
    reason = r.text(get["reason"], "reason") if "reason" in get else None
    if not name:
        return None
    return Entity(
        name=name,
        type=entity_type,
        id=entity_id,
        aliases=aliases,
        country=country,
        identifiers=identifiers,
        addresses=addresses,
        listed_on=listed_on,
        source=source,
        birth_dates=birth_dates,
        nationalities=nationalities,
        reason=reason,
        line=node.start_mark.line + 1,
    )


def _read_entities(r: _Reader, node: yaml.Node | None, root: yaml.Node) -> list[Entity]:
    if node is None:
        r.problem(root, "missing 'entities:' list — add one (it may be empty: 'entities: []')")
        return []
    return _read_items(r, r.sequence(node, "entities"), {})


def _read_items(r: _Reader, items: list[yaml.Node], first_line: dict[str, int]) -> list[Entity]:
    """The entities of these item nodes; ``first_line``: id → line of the ids met so far."""
    entities: list[Entity] = []
    for item in items:
        entity = _read_entity(r, item)
        if entity is None:
            continue
        if entity.id is not None:
            if entity.id in first_line:
                r.problem(
                    item,
                    f"duplicate id '{entity.id}' (first on line {first_line[entity.id]}) — ids must be unique in a file",
                )
                continue
            first_line[entity.id] = entity.line
        entities.append(entity)
    return entities


# pyyaml's implicit resolvers by first character, strings excluded: most names start with
# a character that has none, and are known to be strings without trying a regex.
_RESOLVERS = {
    first: tuple(regexp for tag, regexp in resolvers if tag != _STR_TAG)
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


def typed_by_yaml11(value: str) -> bool:
    """Whether pyyaml would read this text, unquoted, as something other than a string."""
    resolvers = _RESOLVERS.get(value[:1])
    if resolvers is None:
        return False  # most names: no implicit type starts with their first character
    if " " in value and not value[0].isdigit():
        return False  # only timestamps ("2001-12-14 21:59:43") have spaces, and they start with a digit
    return any(regexp.match(value) for regexp in resolvers)


def parse_snapshot(text: str, path: str, progress: Progress | None = None) -> Snapshot:
    """Parse snapshot text; ``path`` names the file in messages. Raises InputError.

    Well-formed files take the fast path (``yaml_fast``); anything it cannot vouch for is
    read here from pyyaml's node tree, which reports every problem with its position.
    """
    if len(text) > CHUNKED_ABOVE:
        chunked = parse_chunked(text, path, progress=progress)
        if chunked is not None:
            return chunked
    fast = parse_fast(text, path, typed_by_yaml11)
    if fast is not None:
        return fast
    return parse_nodes(text, path)


def _check_depth(text: str, path: str, depth: int = 0) -> None:
    """Refuse nesting deeper than MAX_DEPTH, reading events (pyyaml's parser does not recurse).
    ``depth``: how deep the text's root is (a run of entities is 1 deep in its file)."""
    try:
        _check_depth_with(_Loader, text, path, depth)
    except yaml.scanner.ScannerError as exc:
        if _Loader is yaml.SafeLoader or "maximum nesting depth" not in (exc.problem or ""):
            raise
        # libyaml 0.2.6 (PyYAML 6.0.4) refuses flow nesting past its own limit while it
        # scans ahead, before the events that cross ours are read: the pure-Python reader
        # (no such limit, slow, but only for such a file) finds where ours is crossed.
        _check_depth_with(yaml.SafeLoader, text, path, depth)
        raise


def _check_depth_with(loader: type[yaml.SafeLoader], text: str, path: str, depth: int) -> None:
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = (
                    (event.start_mark.line + 1, event.start_mark.column + 1)
                    if event.start_mark
                    else (1, 1)
                )
                raise InputError(
                    [
                        Problem(
                            path,
                            line,
                            col,
                            f"nested more than {MAX_DEPTH} levels deep — a snapshot needs five",
                        )
                    ]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(text: str, path: str, depth: int = 0) -> yaml.Node | None:
    """pyyaml's node tree of ``text`` (``depth``: see _check_depth); every YAML-level problem
    as an InputError."""
    try:
        _check_depth(text, path, depth)
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            # A quote or bracket left open runs to the end of the file: where it was opened
            # is where to fix it.
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "not valid YAML"
        raise InputError(
            [Problem(path, line, col, f"YAML syntax error: {message} — fix the YAML here")]
        ) from None
    except yaml.reader.ReaderError as exc:
        # Characters YAML forbids (control characters): the error has an offset, no mark.
        line, col = _char_position(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else 0
        raise InputError(
            [Problem(path, line, col, f"character U+{code:04X} is not allowed in YAML — remove it")]
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise InputError([Problem(path, 1, 1, f"not valid YAML: {message}")]) from None


def parse_nodes(text: str, path: str) -> Snapshot:
    """The reference reader: pyyaml nodes, every check, every problem with line and column.

    A file is a mapping of ``entities:`` and an optional ``snapshot:`` header, or a bare
    list of entities (a quick list: the shape jq and yq write, and the least to type)."""
    r = _Reader(path)
    root = _compose(text, path)
    if root is None:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "empty file — a snapshot needs at least 'entities:' (a list; 'entities: []' for none)",
                )
            ]
        )
    _refuse_report(root, path)
    if isinstance(root, yaml.SequenceNode):
        entities = _read_entities(r, root, root)
        if r.problems:
            raise InputError(r.problems)
        return Snapshot(meta=SnapshotMeta.headerless(path), entities=tuple(entities), origin=path)
    fields = r.mapping(root, "the file", TOP_KEYS)
    if fields is None:
        raise InputError(r.problems)
    meta = _read_meta(r, fields.get("snapshot", (root, None))[1])
    entities = _read_entities(r, fields.get("entities", (root, None))[1], root)
    if r.problems or meta is None:
        raise InputError(r.problems)
    return Snapshot(meta=meta, entities=tuple(entities), origin=path)


# The top-level values a report is told by (see schema.report_message); nothing else of a
# report, which can be large, is converted.
_REPORT_VALUES = ("kind", "record", "old", "new")


def _refuse_report(root: yaml.Node, path: str) -> None:
    """Raise ReportGiven when the file is one of sanctions-diff's reports (the JSON output
    of diff, history, search or validate, or the same written as YAML)."""
    if not isinstance(root, yaml.MappingNode):
        return
    top: dict[str, object] = {}
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode):
            top[str(key.value)] = _plain(value) if key.value in _REPORT_VALUES else None
    refuse_report(top, path)


def _plain(node: yaml.Node, depth: int = 2) -> object:
    """A node as plain values (scalars as text), ``depth`` levels deep: enough to read a
    report's kind and the origins it compares, never a recursion through aliases."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if depth <= 0:
        return None
    if isinstance(node, yaml.MappingNode):
        return {
            str(k.value): _plain(v, depth - 1)
            for k, v in node.value
            if isinstance(k, yaml.ScalarNode)
        }
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, depth - 1) for item in node.value]
    return None


# Files larger than this are read in runs of CHUNK_ITEMS entities (see parse_chunked): the
# whole file's value tree (yaml-rs) or node tree (pyyaml, 47x the file) never exists at
# once. Below it, one pass over the whole text is simplest and exactly the reference.
CHUNKED_ABOVE = 8 * 1024 * 1024
# About 75 KB of text per run: a run's value tree is still in the CPU's caches when it is
# converted (the 100k benchmark file: runs of 250 read in 1.66 s, of 2,000 in 2.0-2.2 s),
# and a run the fast path cannot vouch for is cheap to re-read with pyyaml.
CHUNK_ITEMS = 250


def parse_chunked(
    text: str, path: str, chunk_items: int | None = None, progress: Progress | None = None
) -> Snapshot | None:
    """A large file, read in runs of items of its ``entities:`` block: each run takes the
    fast path, or the node reader when the fast path cannot vouch for it (which then
    reports its problems with their own lines and columns); the rest of the file (the
    ``snapshot:`` header) is read with the entities blanked out, keeping line numbers.
    None when the block is not plainly one item per ``- `` line (then the whole file is
    read at once).

    The result is the whole-file reader's, snapshot or problems, with two exceptions that
    only cutting can cause: an alias whose anchor is in an earlier run is reported at the
    alias (not at the anchor), and a syntax error left open at the end of a run (an
    unclosed bracket) is reported where the run ends. ``progress`` is told the entities
    read after each run."""
    items, end = entity_items(text)
    if not items:
        return None
    run_size = chunk_items or CHUNK_ITEMS
    start = items[0][1]
    problems: list[Problem] = []
    meta: SnapshotMeta | None = None
    if is_bare_list(text):
        # Nothing but the items (and comments): anything after them is left to the
        # whole-file reader, which says what is wrong with it.
        if end < len(text):
            return None
        meta = SnapshotMeta.headerless(path)
    else:
        header = text[:start] + "\n" * text.count("\n", start, end) + text[end:]
        try:
            meta = parse_snapshot(header, path).meta
        except ReportGiven:
            raise  # a report's items are not entities: nothing more to say
        except InputError as exc:
            problems += exc.problems
    entities: list[Entity] = []
    first_line: dict[str, int] = {}
    for at in range(0, len(items), run_size):
        run = items[at : at + run_size]
        stop = items[at + run_size][1] if at + run_size < len(items) else end
        chunk = text[run[0][1] : stop]
        lines = [line for line, _ in run]
        found = read_items(chunk, lines, typed_by_yaml11)
        ids = [e.id for e in found or () if e.id is not None]
        if found is None or len(set(ids)) < len(ids) or any(i in first_line for i in ids):
            # The node reader decides, at the run's own lines (blank lines before it).
            r = _Reader(path)
            try:
                node = _compose("\n" * (lines[0] - 1) + chunk, path, depth=1)
            except InputError as exc:
                # An alias of an anchor in an earlier run is "undefined" here; it is the
                # alias itself that is not allowed.
                earlier_anchor = "&" in text[: run[0][1]]
                problems += [
                    replace(problem, message=_ALIAS_MESSAGE)
                    if earlier_anchor and "found undefined alias" in problem.message
                    else problem
                    for problem in exc.problems
                ]
                continue
            found = _read_items(r, r.sequence(node, "entities") if node else [], first_line)
            problems += r.problems
        else:
            first_line.update((e.id, e.line) for e in found if e.id is not None)
        entities += found
        if progress is not None:
            progress(f"reading {path}", at + len(run), len(items))
    if problems or meta is None:
        raise InputError(problems)
    return Snapshot(meta=meta, entities=tuple(entities), origin=path)


def load_snapshot(
    path: Path, origin: str | None = None, progress: Progress | None = None
) -> Snapshot:
    """Read and parse a snapshot file: an official list format (see ``formats``), JSON Lines
    (by the ``.jsonl`` extension or by content) or YAML; ``origin`` is how the user named it
    (for messages). ``progress`` is told how far reading a large JSON Lines or YAML file
    has come."""
    shown = origin or str(path)
    with collector.paused():
        official = read_any(path, shown)  # the EU FSF, UN and OpenSanctions files, by content
        if official is not None:
            return official
        if _is_jsonl(path, shown):
            return load_jsonl(path, shown, progress)
        text = _read_text(path, shown)
        return parse_snapshot(text, shown, progress)


def _is_jsonl(path: Path, shown: str) -> bool:
    if path.suffix.lower() == ".jsonl":
        return path.is_file() or _read_text(path, shown) == ""  # the latter raises the right error
    try:
        with path.open("rb") as stream:
            return looks_like_jsonl(stream.read(SNIFF_BYTES))
    except OSError:
        return False  # _read_text reports it


def _read_text(path: Path, shown: str) -> str:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError([Problem(shown, 1, 1, "is a directory — give a snapshot file")])
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        shown,
                        1,
                        1,
                        f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit — split it or convert it to JSON Lines",
                    )
                ]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "no such file — check the path, or run 'sanctions-diff lists' for bundled names",
                )
            ]
        ) from None
    except OSError as exc:
        raise InputError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    # A BOM written by Windows editors is accepted and removed (before decoding, so that
    # error positions count from the first real character).
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        raise InputError(
            [Problem(shown, line, col, "not UTF-8 text — save the file as UTF-8")]
        ) from None
    if _looks_like_utf16(data):
        # UTF-16 without a BOM decodes as UTF-8 (ASCII with a NUL before or after each
        # letter): say what the file is, not that U+0000 is not allowed.
        raise InputError(
            [Problem(shown, 1, 1, "not UTF-8 text (it looks like UTF-16) — save the file as UTF-8")]
        )
    # Windows line endings would otherwise end up inside multi-line scalars.
    return text.replace("\r\n", "\n")


def _looks_like_utf16(data: bytes) -> bool:
    """Most of the first bytes at odd (or even) offsets are NUL, as in ASCII text in UTF-16."""
    head = data[:4096]
    half = len(head) // 2
    return half > 0 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * half


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as YAML counts) of a byte offset."""
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def _char_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

"""Lint snapshot files the way ruff and yamllint lint code (``sanctions-diff validate``).

Every finding is one line, ``path:line:col: CODE message``, sorted by file (natural order:
eu-9 before eu-10), line and column. Files that cannot be loaded give the loader's problems
(SD001) and no other check; files that load get every check below.

| code  | severity | finds | fix |
|-------|----------|-------|-----|
| SD001 | error   | a file that cannot be loaded: YAML or JSON syntax, unknown keys, wrong types, missing or empty names, duplicate ids, unknown countries, bad dates — each problem the loader reports is one finding | as the message says |
| SD101 | warning | two entities of one snapshot that look like one: the same identifier (same type and value), or names or aliases that the matcher pairs at or above the threshold (default 90) with no identifier, country or birth year telling them apart; reported on the later entity, naming the earlier one's line | merge them, or add the identifier or country that tells them apart |
| SD102 | error   | a name or alias with no letter or digit ("—", "()") | write the name, or remove the alias |
| SD103 | warning | an alias equal to the name or to another alias, apart from letter case, spacing and Unicode compatibility forms | remove the repeat |
| SD104 | warning | an entity without `source` in a snapshot whose `snapshot:` header gives (or leaves at its default) complete coverage; never in a quick list without a header, which claims nothing | cite the act and entry it comes from |
| SD105 | warning | an id out of natural order (eu-833-iv-9 comes before eu-833-iv-10): the first of each id series, with how many more are out of place; not for official files as published (their order is the publisher's; `convert` writes ids in order) | sort the entities by id |
| SD106 | error   | two ids equal apart from case, spaces or punctuation (EU-833-IV-9 / eu-833-iv-9) | spell them alike, or make them distinct |
| SD107 | warning | an official file with elements, columns or properties its reader does not know (one finding per file, with the count of each): their data is not in the snapshot | report the file's version; check what the format added |

Errors are defects for every reader of the file: it cannot be loaded, a name that nothing can
match, ids that any system normalising ids would merge. Warnings are worth a reviewer's look
but can be right: distinct firms do share names, and a faithful transcription keeps its
source's order and its redundant spellings. ``--strict`` makes warnings fail too.

Which codes are reported is chosen as in ruff (``select``/``ignore`` of ``validate``):
codes or prefixes (``SD104``, ``SD1``; ``ALL`` for every code), the more specific of a
selected and an ignored prefix deciding, an ignored one winning a tie; with no selection,
every code. Only what is kept counts towards errors, warnings and the exit code. SD001 is
always reported: a file that cannot be loaded had no other check, and ignoring it would
pass a file nothing has read.

What SD101 does not do: it pairs names as ``diff`` does (``matcher``: same normalisation,
same penalties and vetoes), but a name in brackets alone ("(Hong Kong)", "(HK)") is no
evidence, and only the best-scoring earlier partner of each entity is named. Equal spellings
in another script are not SD103 repeats: "Александр РАХМАНОВ" beside "Aleksandr RAKHMANOV"
is information. Empty aliases (``""``) never reach this module: the loader drops them.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .errors import InputError, Problem, UsageError
from .formats import detect
from .formats.loader import load_snapshot
from .matcher import (
    DEFAULT_THRESHOLD,
    NON_IDENTIFYING_TYPES,
    identifier_key,
    similar_pairs,
    told_apart,
)
from .model import Coverage, Entity, Snapshot
from .ordering import natural_key
from .render.human import safe

# Files a directory is searched for (recursively; hidden directories are skipped).
SNAPSHOT_SUFFIXES = (".yaml", ".yml", ".jsonl")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Every code and its severity: the table in the module docstring, as data.
CODES: dict[str, Severity] = {
    "SD001": Severity.ERROR,
    "SD101": Severity.WARNING,
    "SD102": Severity.ERROR,
    "SD103": Severity.WARNING,
    "SD104": Severity.WARNING,
    "SD105": Severity.WARNING,
    "SD106": Severity.ERROR,
    "SD107": Severity.WARNING,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code]

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


EVERY_CODE = frozenset(CODES)
# Always reported: see the module docstring.
UNIGNORABLE = "SD001"
# The selector of every code, as in ruff.
ALL = "ALL"


def selected_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes kept by ``select`` and ``ignore`` (codes, prefixes or ALL, any case; an
    item may hold several, comma-separated, as ``--select SD101,SD103``). Raises UsageError
    for a selector that names no code, and for ignoring SD001 by name."""
    chosen = _selectors(select, "select")
    dropped = _selectors(ignore, "ignore")
    # Ignoring SD001 by name (SD001, SD00, SD0) is refused; a wider prefix (SD, ALL) just
    # leaves it reported.
    named = [s for s in dropped if {c for c in CODES if _matches(s, c)} == {UNIGNORABLE}]
    if named:
        raise UsageError(
            f"--ignore {named[0]}: {UNIGNORABLE} (a file that cannot be loaded) is always "
            "reported, as nothing else in such a file was checked — fix the file instead"
        )

    def kept(code: str) -> bool:
        if code == UNIGNORABLE:
            return True
        best_select = max((_specificity(s) for s in chosen if _matches(s, code)), default=-1)
        best_ignore = max((_specificity(s) for s in dropped if _matches(s, code)), default=-1)
        if best_select < 0 and best_ignore < 0:
            return not chosen  # named by neither: kept unless a selection was made
        return best_select > best_ignore

    return frozenset(code for code in CODES if kept(code))


def _selectors(items: Iterable[str], option: str) -> list[str]:
    found = []
    for item in items:
        for part in item.split(","):
            selector = part.strip().upper()
            if not selector:
                continue
            if selector != ALL and not any(code.startswith(selector) for code in CODES):
                raise UsageError(
                    f"--{option} {part.strip()}: unknown code — the codes are "
                    f"{', '.join(CODES)} (a prefix such as SD1, or {ALL}, names several)"
                )
            found.append(selector)
    return found


def _matches(selector: str, code: str) -> bool:
    return selector == ALL or code.startswith(selector)


def _specificity(selector: str) -> int:
    """ALL is the least specific; a longer prefix is more specific than a shorter one."""
    return 0 if selector == ALL else len(selector)


@dataclass(frozen=True, slots=True)
class Validation:
    """The result of a run: the files checked, the codes checked for (all, unless
    ``select``/``ignore`` chose; the others were not looked for) and every finding, sorted."""

    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    codes: tuple[str, ...] = tuple(CODES)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)


# -- where a value is written ----------------------------------------------------------------

_KEY_PREFIX = re.compile(r"^[A-Za-z_]+:\s+")


@dataclass(frozen=True, slots=True)
class Locator:
    """Line and column of an entity's values, found by scanning the lines of its block
    (YAML: from its start line to the next entity's; JSON Lines: its line). A value written
    in a way the scan does not recognise (flow style, escapes) is placed at its key, or at
    the start of the entity."""

    lines: tuple[str, ...] = ()
    starts: tuple[int, ...] = ()

    @classmethod
    def for_file(cls, text: str, entities: Sequence[Entity]) -> Locator:
        return cls(tuple(text.splitlines()), tuple(sorted({e.line for e in entities})))

    def _block(self, entity: Entity) -> range:
        after = bisect.bisect_right(self.starts, entity.line)
        end = self.starts[after] if after < len(self.starts) else len(self.lines) + 1
        return range(max(entity.line, 1), min(end, len(self.lines) + 1))

    def entity(self, entity: Entity) -> tuple[int, int]:
        line = max(entity.line, 1)
        if line > len(self.lines):
            return line, 1
        text = self.lines[line - 1]
        return line, len(text) - len(text.lstrip(" -")) + 1

    def value(self, entity: Entity, key: str, value: str, nth: int = 1) -> tuple[int, int]:
        """Where the ``nth`` occurrence of ``value`` (under ``key``) is written."""
        encoded = json.dumps(value, ensure_ascii=False)
        seen = 0
        for number in self._block(entity):
            raw = self.lines[number - 1]
            column = _scalar_column(raw, value)
            if column is None and encoded in raw:
                column = raw.index(encoded) + 1
            if column is not None:
                seen += 1
                if seen == nth:
                    return number, column
        for number in self._block(entity):
            raw = self.lines[number - 1]
            for written in (f"{key}:", f'"{key}"'):
                if written in raw:
                    return number, raw.index(written) + 1
        return self.entity(entity)


def _scalar_column(raw: str, value: str) -> int | None:
    """The column of a YAML line whose whole value is ``value`` (``- value``, ``key: value``,
    quoted or not), else None."""
    content = raw.strip()
    content = content[2:].lstrip() if content.startswith("- ") else content
    for candidate in (content, _KEY_PREFIX.sub("", content, count=1)):
        inner = candidate
        if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'":
            inner = inner[1:-1]
        if inner == value:
            return raw.index(candidate) + 1
    return None


# -- the checks ------------------------------------------------------------------------------


def check_snapshot(
    snapshot: Snapshot,
    threshold: float = DEFAULT_THRESHOLD,
    locator: Locator | None = None,
    official: bool = False,
    codes: Collection[str] = EVERY_CODE,
) -> list[Finding]:
    """Every finding of ``codes`` for a loaded snapshot (SD101-SD106), sorted.
    ``snapshot.origin`` is the path shown; ``locator`` places values on their lines
    (default: at the entity's line). ``official``: the file is an official list as
    published, whose order (SD105) is its publisher's. A check none of whose codes is
    asked for is not run (SD101, the matcher over every pair of names, is most of the
    time of a run)."""
    where = locator or Locator()
    path = snapshot.origin
    found: list[Finding] = []
    for code, (line, column), message in (
        *(_duplicates(snapshot.entities, threshold, where) if "SD101" in codes else ()),
        *(_names(snapshot.entities, where) if {"SD102", "SD103"} & set(codes) else ()),
        *(_sources(snapshot, where) if "SD104" in codes else ()),
        *(
            _ids(snapshot.entities, where, order=not official)
            if {"SD105", "SD106"} & set(codes)
            else ()
        ),
    ):
        if code in codes:
            found.append(Finding(path, line, column, code, message))
    return sorted(found, key=_finding_order)


Found = tuple[str, tuple[int, int], str]


def _finding_order(finding: Finding) -> tuple[object, ...]:
    return (natural_key(finding.path), finding.line, finding.column, finding.code, finding.message)


def _quote(text: str) -> str:
    return f"“{text}”"


def _bracketed(entity: Entity) -> set[str]:
    """The parts in brackets of its names ("Hong Kong" of "Endezo (Hong Kong) Limited"),
    which the matcher also compares on their own (``normalize.variants``)."""
    inner = {p.strip() for n in entity.names() for p in re.findall(r"\(([^()]*)\)", n)}
    return inner - set(entity.names())


def _no_evidence(name: str, entity: Entity) -> bool:
    """A bracketed part alone ("Hong Kong") or a name without letters (SD102) proves no
    identity, though the matcher compares both."""
    return name in _bracketed(entity) or not _has_letters(name)


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _duplicates(entities: Sequence[Entity], threshold: float, where: Locator) -> list[Found]:
    """SD101: for each entity, its best earlier look-alike: a shared identifier first, then
    the highest name score; ties go to the earliest line."""
    best: dict[int, tuple[tuple[float, float, int], int, str]] = {}

    def offer(later: int, earlier: int, rank: tuple[float, float, int], evidence: str) -> None:
        if later not in best or rank > best[later][0]:
            best[later] = (rank, earlier, evidence)

    same_identifier = "merge them, or correct the identifier"
    same_name = "merge them, or add an identifier or country that tells them apart"
    same_alias = "check whom the alias belongs to, or merge them"

    owners: dict[tuple[str, str], int] = {}
    for k, entity in enumerate(entities):
        for identifier in entity.identifiers:
            key = identifier_key(identifier.type, identifier.value)
            if key[0] in NON_IDENTIFYING_TYPES:
                continue
            first = owners.setdefault(key, k)
            if first != k and entities[first].type is entity.type:
                written = f"{identifier.type} {identifier.value}"
                offer(k, first, (1, 100.0, -first), f"shares {written} — {same_identifier}")
    # The matcher's own name scoring, every entity against every other: the same
    # normalisation, penalties (country, numbers, birth years, legal forms) and type veto as
    # a diff, so that what validate calls a duplicate is what diff would pair.
    for earlier, later, score, exact, first_name, later_name in similar_pairs(entities, threshold):
        if _no_evidence(first_name, entities[earlier]) or _no_evidence(later_name, entities[later]):
            continue
        how = "exact" if exact else f"fuzzy {score:.0f}"
        names = (
            f"on {_quote(later_name)}"
            if later_name == first_name
            else f"{_quote(later_name)} ~ {_quote(first_name)}"
        )
        evidence = f"names match ({how}: {names}) — {same_name}"
        offer(later, earlier, (0, round(score, 1), -earlier), evidence)
    # An alias printed for two entities does not pair them (distinct groups share aliases,
    # see matcher.evidence, "Aliases are shared"), but in one list it is often a copying slip
    # (Volna's "Wave" printed for Vostok too): worth a look, ranked below real look-alikes.
    holders: dict[tuple[str, str], int] = {}
    for k, entity in enumerate(entities):
        for alias in dict.fromkeys(entity.aliases):
            key = (entity.type.value, _same_text(alias))
            first = holders.setdefault(key, k)
            if first != k and _has_letters(alias) and not told_apart(entity, entities[first]):
                evidence = f"both have the alias {_quote(alias)} — {same_alias}"
                offer(k, first, (0, 0.0, -first), evidence)
    found = []
    for later, (_, earlier, evidence) in sorted(best.items()):
        entity, other = entities[later], entities[earlier]
        found.append(
            (
                "SD101",
                where.value(entity, "name", entity.name),
                f"{_quote(entity.name)} looks like a duplicate of {_quote(other.name)} "
                f"(line {other.line}): {evidence}",
            )
        )
    return found


def _same_text(text: str) -> str:
    """Equal apart from case, spacing and compatibility forms; scripts stay apart."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _names(entities: Iterable[Entity], where: Locator) -> list[Found]:
    """SD102 (no letter or digit) and SD103 (repeated aliases)."""
    found: list[Found] = []
    for entity in entities:
        written = entity.names()
        seen: dict[str, int] = {}
        for k, text in enumerate(written):
            if not _has_letters(text):
                what, fix = ("name", "write the name") if k == 0 else ("alias", "remove it")
                message = f"{what} {_quote(text)} has no letter or digit — {fix}"
                found.append(("SD102", _name_place(where, entity, k), message))
                continue
            first = seen.setdefault(_same_text(text), k)
            if first != k:
                repeated = written[first]
                what = "the name" if first == 0 else "alias"
                how = "" if text == repeated else " (apart from case or spacing)"
                message = f"alias {_quote(text)} repeats {what} {_quote(repeated)}{how} — remove it"
                found.append(("SD103", _name_place(where, entity, k), message))
    return found


def _name_place(where: Locator, entity: Entity, k: int) -> tuple[int, int]:
    """Where the k-th of ``entity.names()`` is written (the name is 0)."""
    written = entity.names()
    nth = written[: k + 1].count(written[k])
    return where.value(entity, "name" if k == 0 else "aliases", written[k], nth)


def _sources(snapshot: Snapshot, where: Locator) -> list[Found]:
    """SD104: a complete snapshot claims the whole list, so each entry can cite its act. A
    quick list without header claims nothing (its coverage is a default, see
    ``SnapshotMeta.headerless``): asking each of its entries for a source would bury
    whatever else is found under one line per entity."""
    if snapshot.meta.coverage is not Coverage.COMPLETE or not snapshot.meta.has_header:
        return []
    return [
        (
            "SD104",
            where.entity(entity),
            f"{_quote(entity.name)} has no source — add 'source:' (the act and entry it comes from)",
        )
        for entity in snapshot.entities
        if not entity.source
    ]


def _id_tokens(entity_id: str) -> tuple[str, ...]:
    """Words and numbers, case-folded: separators and case do not tell ids apart, but
    digit boundaries do (eu-1-23 is not eu-12-3) and so do leading zeros."""
    return tuple(re.findall(r"[0-9]+|[^\W\d_]+", entity_id.casefold()))


def _series(entity_id: str) -> tuple[str, ...]:
    """The words of an id without its numbers: ids of one series (eu-269-persons-N) are
    numbered in order; separate series (persons, then entities) each have their own."""
    return tuple(part.casefold() for part in re.split(r"[0-9]+", entity_id))


def _ids(entities: Iterable[Entity], where: Locator, order: bool = True) -> list[Found]:
    """SD105 (natural order within a series; once per series, with how many more ids are
    out of place: one sort fixes them all) and SD106 (ids equal apart from case and
    punctuation). ``order``: False for a file whose order is its publisher's."""
    found: list[Found] = []
    previous: dict[tuple[str, ...], Entity] = {}
    spelled: dict[tuple[str, ...], Entity] = {}
    misplaced: dict[tuple[str, ...], list[tuple[Entity, Entity]]] = {}
    for entity in entities:
        if entity.id is None:
            continue
        series = _series(entity.id)
        before = previous.get(series)
        if before is not None and natural_key(entity.id) < natural_key(before.id or ""):
            misplaced.setdefault(series, []).append((entity, before))
        previous[series] = entity
        other = spelled.setdefault(_id_tokens(entity.id), entity)
        if other is not entity:
            found.append(
                (
                    "SD106",
                    where.value(entity, "id", entity.id),
                    f"id '{entity.id}' differs from '{other.id}' (line {other.line}) only in "
                    "case, spaces or punctuation — spell them alike, or make them distinct",
                )
            )
    for pairs in misplaced.values() if order else ():
        entity, before = pairs[0]
        others = len(pairs) - 1
        more = (
            f" (and {others} more {'id' if others == 1 else 'ids'} of this series)"
            if others
            else ""
        )
        found.append(
            (
                "SD105",
                where.value(entity, "id", entity.id or ""),
                f"id '{entity.id}' comes after '{before.id}' (line {before.line}){more} — "
                "sort the entities by id (natural order: 9 before 10)",
            )
        )
    return found


# -- files -----------------------------------------------------------------------------------


def snapshot_files(folder: Path) -> list[Path]:
    """The snapshot files under a directory, recursively, hidden directories skipped, in
    natural order."""
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in SNAPSHOT_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts[:-1])
    ]
    return sorted(found, key=lambda p: natural_key(str(p)))


def validate_file(
    path: Path,
    shown: str,
    threshold: float = DEFAULT_THRESHOLD,
    codes: Collection[str] = EVERY_CODE,
) -> tuple[Snapshot | None, list[Finding]]:
    """Load one file and check it: SD001 for every loader problem, else every other check
    of ``codes`` (see ``selected_codes``)."""
    try:
        snapshot = load_snapshot(path, origin=shown)
    except InputError as exc:
        return None, [_from_problem(p) for p in exc.problems]
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        text = ""  # read a moment ago; if it changed since, findings fall back to entity lines
    locator = Locator.for_file(text, snapshot.entities)
    official = detect(path) is not None
    unread = [
        Finding(shown, 1, 1, "SD107", notice.removeprefix(f"{snapshot.origin}: "))
        for notice in snapshot.notices
        if "SD107" in codes
    ]
    return snapshot, sorted(
        [*unread, *check_snapshot(snapshot, threshold, locator, official, codes)],
        key=_finding_order,
    )


def _from_problem(problem: Problem) -> Finding:
    return Finding(problem.path, problem.line, problem.column, "SD001", problem.message)


def validate(
    files: Sequence[tuple[Path, str]],
    threshold: float = DEFAULT_THRESHOLD,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Validation:
    """Check every file: ``(path, shown)`` pairs, ``shown`` being the path in findings.
    ``select``/``ignore``: the codes to report, as ruff's options (see ``selected_codes``;
    a bad selector raises UsageError before any file is read)."""
    codes = selected_codes(select, ignore)
    findings: list[Finding] = []
    for path, shown in files:
        findings += validate_file(path, shown, threshold, codes)[1]
    return Validation(
        files=tuple(shown for _, shown in files),
        findings=tuple(sorted(findings, key=_finding_order)),
        codes=tuple(code for code in CODES if code in codes),
    )


# -- output (table and JSON; GitHub annotations are in render.github) ------------------------


def render_table(result: Validation) -> str:
    """The ``table`` format, as ruff prints: one line per finding. Names are data, so
    controls are shown escaped and a line break in a name cannot start a line of its own."""
    return "".join(safe(str(f).replace("\n", " ")) + "\n" for f in result.findings)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_text(result: Validation) -> str:
    """``2 files checked: 0 errors, 1 warning``, and which codes were not looked for when
    ``select``/``ignore`` chose (the shorter list: those left out, or those checked)."""
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    line = (
        f"{_count(len(result.files), 'file')} checked: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    )
    left_out = [code for code in CODES if code not in result.codes]
    if not left_out:
        return line
    if len(left_out) <= len(result.codes):
        return f"{line} ({', '.join(left_out)} not checked)"
    return f"{line} (only {', '.join(result.codes)} checked)"


def validation_dict(result: Validation) -> dict[str, object]:
    return {
        "schema_version": "1",
        "kind": "validate",
        "files": list(result.files),
        "summary": {
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
        },
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in result.findings
        ],
    }

"""Snapshot values from plain Python objects (dicts, lists, strings) as JSON and yaml-rs
give them: the shared reader of the fast YAML path and of JSON Lines snapshots.

Strict by design: a value of the wrong type is an ``Invalid`` with a message, never
coerced. The fast YAML path turns any ``Invalid`` into "let the reference reader decide";
the JSON Lines reader reports it with its line number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sanctions_diff.countries import to_code
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    SnapshotKind,
    SnapshotMeta,
    Stage,
)

from .schema import (
    EMPTY_TITLE,
    ENTITY_KEYS,
    IDENTIFIER_KEYS,
    MAX_PACKAGE_DIGITS,
    SNAPSHOT_KEYS,
    parse_date,
)

Typed = Callable[[str], bool]


class Invalid(Exception):
    """A value that does not fit the snapshot format; the message says how to fix it."""


def never_typed(_: str) -> bool:
    """For JSON: a string is a string (YAML 1.1's implicit typing does not apply)."""
    return False


def text(value: object, what: str, typed: Typed) -> str:
    if not isinstance(value, str) or typed(value):
        raise Invalid(f"{what} must be text")
    return value.strip()


def raw(value: object, what: str) -> str:
    """A value as written, for ids, codes and birth dates: strings, and dates (yaml-rs
    types only plain YYYY-MM-DD as a date, so its text is known)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    raise Invalid(f"{what} must be text (quote it)")


def texts(value: object, what: str, typed: Typed) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(f"{what} must be a list of text")
    # The hot loop of large files: checked inline, text() only to word the error.
    found = []
    for item in items:
        if not isinstance(item, str) or typed(item):
            text(item, f"each of {what}", typed)
        stripped = item.strip()
        if not stripped:
            raise Invalid(f"empty item in {what} — remove it")
        found.append(stripped)
    return tuple(found)


def country(value: object, what: str) -> str:
    written = raw(value, what)
    code = to_code(written)
    if code is None:
        raise Invalid(
            f"unknown {what} '{written}' — use an ISO 3166 alpha-2 code (e.g. RU, HK, XK) or an English name"
        )
    return code


def date(value: object, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise Invalid(f"{what} '{value}' is not a date — write YYYY-MM-DD")
    return parsed


# The allowed keys of each kind of mapping as a set, for a subset test in C per mapping.
_ALLOWED_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def mapping(value: object, what: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"{what} must be a mapping (an object)")
    allowed_set = _ALLOWED_SETS.get(allowed)
    if allowed_set is None:
        allowed_set = _ALLOWED_SETS[allowed] = frozenset(allowed)
    if not value.keys() <= allowed_set:
        unknown = sorted(set(value) - allowed_set, key=str)
        raise Invalid(f"unknown key '{unknown[0]}' in {what} — allowed: {', '.join(allowed)}")
    return value


def choice(value: object, what: str, enum: Callable[[str], Any], allowed: list[str]) -> Any:
    written = raw(value, what).lower()
    try:
        return enum(written)
    except ValueError:
        raise Invalid(f"{what} '{written}' is not one of: {', '.join(allowed)}") from None


# Enum members by value: a dict lookup is 10x cheaper than calling the enum per entity.
_ENTITY_TYPES = {t.value: t for t in EntityType}


def read_meta(
    value: object, typed: Typed, package_ok: Callable[[int], bool], default_title: str
) -> SnapshotMeta:
    """The ``snapshot`` mapping. ``package_ok`` says whether a package number was written
    plainly (the fast YAML path cannot tell 0x0B from 11 otherwise); ``default_title`` is
    the title when none is written (the file's name as the user gave it)."""
    fields = mapping(value, "snapshot", SNAPSHOT_KEYS)
    title = default_title
    if "title" in fields:
        written = fields["title"]
        title = text(written, "title", typed) if written is not None else ""
    if not title:
        raise Invalid(EMPTY_TITLE)
    kind = choice(
        fields.get("kind", "consolidated"), "kind", SnapshotKind, [k.value for k in SnapshotKind]
    )
    package = fields.get("package")
    if package is not None and (
        isinstance(package, bool)
        or not isinstance(package, int)
        or package < 0
        or package >= 10**MAX_PACKAGE_DIGITS
        or not package_ok(package)
    ):
        raise Invalid(f"package '{package}' is not a package number — write e.g. 11")
    stage = (
        choice(fields["stage"], "stage", Stage, [s.value for s in Stage])
        if fields.get("stage") is not None
        else None
    )
    if kind is SnapshotKind.PACKAGE and (package is None or stage is None):
        raise Invalid(
            "a snapshot of kind 'package' needs a package number and a stage (draft or final)"
        )
    return SnapshotMeta(
        title=title,
        kind=kind,
        package=package,
        stage=stage,
        date=date(fields.get("date"), "date"),
        coverage=choice(
            fields.get("coverage", "complete"), "coverage", Coverage, [c.value for c in Coverage]
        ),
        sources=texts(fields.get("sources"), "sources", typed),
        annex=text(fields["annex"], "annex", typed) if fields.get("annex") is not None else None,
    )


# The keys of an entity and of an identifier, for one subset test in C per mapping.
_ENTITY_KEYS = frozenset(ENTITY_KEYS)
_IDENTIFIER_KEYS = frozenset(IDENTIFIER_KEYS)

# Countries as written → code: a few hundred spellings in any list, met once per entity.
# Bounded: emptied when full, as the spellings a file may use are not.
_COUNTRIES: dict[str, str] = {}
_COUNTRIES_MAX = 4096


def _country(value: object, what: str) -> str:
    code = _COUNTRIES.get(value) if type(value) is str else None
    if code is None:
        code = country(value, what)
        if len(_COUNTRIES) >= _COUNTRIES_MAX:
            _COUNTRIES.clear()
        if type(value) is str:
            _COUNTRIES[value] = code
    return code


def _optional_text(value: object, what: str, typed: Typed) -> str | None:
    if value is None:
        return None
    if type(value) is str and not typed(value):
        return value.strip()
    return text(value, what, typed)


def read_entity(value: object, line: int, typed: Typed) -> Entity:
    """One entity mapping. The hot path of large files (100,000 per file): each field is
    checked inline for the common case (exact types, as JSON and yaml-rs give them), and
    the helpers above are called only to word a problem or for anything else."""
    if type(value) is not dict or not value.keys() <= _ENTITY_KEYS:
        mapping(value, "an entity", ENTITY_KEYS)  # raises with the unknown key
    fields: dict[str, Any] = value  # type: ignore[assignment]
    get = fields.get
    name = get("name")
    if type(name) is str and not typed(name):
        name = name.strip()
    else:
        name = text(name, "name", typed) if "name" in fields else ""
    if not name:
        raise Invalid("entity has no name — write the name as printed")
    identifiers: tuple[Identifier, ...] = ()
    listed = get("identifiers")
    if listed is not None:
        if not isinstance(listed, list):
            raise Invalid("identifiers must be a list of {type, value}")
        found = []
        for item in listed:
            if type(item) is not dict or not item.keys() <= _IDENTIFIER_KEYS:
                mapping(item, "an identifier", IDENTIFIER_KEYS)
            kind, number = item.get("type"), item.get("value")
            kind = kind.strip() if type(kind) is str else raw(kind, "identifier type")
            number = number.strip() if type(number) is str else raw(number, "identifier value")
            if not kind or not number:
                raise Invalid("an identifier needs both 'type' and 'value'")
            found.append(Identifier(kind, number))
        identifiers = tuple(found)
    entity_id = get("id")
    if entity_id is not None:
        entity_id = entity_id.strip() if type(entity_id) is str else raw(entity_id, "id")
        if entity_id == "":
            raise Invalid("id is empty — give a value or remove the key")
    nationalities = get("nationalities") or []
    birth_dates = get("birth_dates") or []
    if not isinstance(nationalities, list) or not isinstance(birth_dates, list):
        raise Invalid("nationalities and birth_dates must be lists")
    kind_written = get("type", "organization")
    entity_type = _ENTITY_TYPES.get(kind_written) if type(kind_written) is str else None
    if entity_type is None:
        entity_type = choice(kind_written, "type", EntityType, list(_ENTITY_TYPES))
    where = get("country")
    listed_on = get("listed_on")
    aliases = get("aliases")
    addresses = get("addresses")
    return Entity(
        name,
        entity_type,
        entity_id,
        texts(aliases, "aliases", typed) if aliases is not None else (),
        _country(where, "country") if where is not None else None,
        identifiers,
        texts(addresses, "addresses", typed) if addresses is not None else (),
        listed_on if type(listed_on) is dt.date else date(listed_on, "listed_on"),
        _optional_text(get("source"), "source", typed),
        tuple(v for v in (raw(b, "each of birth_dates") for b in birth_dates) if v)
        if birth_dates
        else (),
        tuple(_country(n, "nationality") for n in nationalities) if nationalities else (),
        _optional_text(get("reason"), "reason", typed),
        line,
    )

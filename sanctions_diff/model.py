"""The typed values that flow through the pipeline: snapshots and the entities in them.

Every record is frozen: a stage never edits what an earlier stage produced. Source
positions (``line``) ride along so that later stages (lint, CI annotations) can point at
the YAML that produced a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    ORGANIZATION = "organization"
    PERSON = "person"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class SnapshotKind(StrEnum):
    PACKAGE = "package"
    CONSOLIDATED = "consolidated"


class Stage(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class Coverage(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"


# Identifier and Entity are built hundreds of thousands of times per large diff (each file
# read, and again when a forked reader hands its entities back). The __init__ dataclass
# writes for a frozen class sets each field through object.__setattr__, which looks the
# slot up by name every time; these set the slots through their own descriptors, the same
# assignment at half the cost (an entity 1.5 -> 0.74 us). Fields, order and defaults are
# the dataclass's (tests/test_model.py compares the signatures), so eq, hash, repr,
# replace() and immutability are unchanged.


@dataclass(frozen=True, slots=True, init=False)
class Identifier:
    """A registration or tax number as printed: ``type`` is the label (INN, CR No., IMO...)."""

    type: str
    value: str

    def __init__(self, type: str, value: str) -> None:
        _IDENTIFIER_TYPE(self, type)
        _IDENTIFIER_VALUE(self, value)


@dataclass(frozen=True, slots=True)
class Entity:
    """One listed (or proposed) subject.

    ``name`` is the primary name as written in the source; ``aliases`` are the other
    spellings (other scripts, transliterations, former names). ``country`` is an ISO 3166
    alpha-2 code (current, withdrawn, or XK) or None when the source gives none.
    ``birth_dates`` are ISO dates, possibly partial ("1976-07-25", "1965", "1978-03"), or the
    printed text where the source gives no date ("March/April 1965"). ``nationalities`` are
    alpha-2 codes. ``reason`` is the statement of reasons, when the source has one.
    ``line`` is the 1-based line of the entity in its file (0 when not from a file).
    """

    name: str
    type: EntityType = EntityType.ORGANIZATION
    id: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    listed_on: dt.date | None = None
    source: str | None = None
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    reason: str | None = None
    line: int = 0

    def __init__(
        self,
        name: str,
        type: EntityType = EntityType.ORGANIZATION,
        id: str | None = None,
        aliases: tuple[str, ...] = (),
        country: str | None = None,
        identifiers: tuple[Identifier, ...] = (),
        addresses: tuple[str, ...] = (),
        listed_on: dt.date | None = None,
        source: str | None = None,
        birth_dates: tuple[str, ...] = (),
        nationalities: tuple[str, ...] = (),
        reason: str | None = None,
        line: int = 0,
    ) -> None:
        _SET_NAME(self, name)
        _SET_TYPE(self, type)
        _SET_ID(self, id)
        _SET_ALIASES(self, aliases)
        _SET_COUNTRY(self, country)
        _SET_IDENTIFIERS(self, identifiers)
        _SET_ADDRESSES(self, addresses)
        _SET_LISTED_ON(self, listed_on)
        _SET_SOURCE(self, source)
        _SET_BIRTH_DATES(self, birth_dates)
        _SET_NATIONALITIES(self, nationalities)
        _SET_REASON(self, reason)
        _SET_LINE(self, line)

    def names(self) -> tuple[str, ...]:
        """The name followed by every alias: everything a matcher may compare."""
        return (self.name, *self.aliases)


# The slots' own setters, in field order (see the note above Identifier).
_IDENTIFIER_TYPE, _IDENTIFIER_VALUE = (Identifier.__dict__[f].__set__ for f in Identifier.__slots__)
(
    _SET_NAME,
    _SET_TYPE,
    _SET_ID,
    _SET_ALIASES,
    _SET_COUNTRY,
    _SET_IDENTIFIERS,
    _SET_ADDRESSES,
    _SET_LISTED_ON,
    _SET_SOURCE,
    _SET_BIRTH_DATES,
    _SET_NATIONALITIES,
    _SET_REASON,
    _SET_LINE,
) = (Entity.__dict__[f].__set__ for f in Entity.__slots__)


@dataclass(frozen=True, slots=True)
class SnapshotMeta:
    """What a snapshot says about itself (the ``snapshot:`` mapping)."""

    title: str
    kind: SnapshotKind = SnapshotKind.CONSOLIDATED
    package: int | None = None
    stage: Stage | None = None
    date: dt.date | None = None
    coverage: Coverage = Coverage.COMPLETE
    sources: tuple[str, ...] = ()
    # Which list of a regime the snapshot covers ("Annex IV of Regulation 833/2014"): a
    # draft of one annex says nothing about the final of another.
    annex: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of one list. ``origin`` is how the user named it (a path or a bundled name)."""

    meta: SnapshotMeta
    entities: tuple[Entity, ...] = field(default=())
    origin: str = ""

    @property
    def is_partial(self) -> bool:
        return self.meta.coverage is Coverage.PARTIAL

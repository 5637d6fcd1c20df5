"""The typed values that flow through the pipeline: snapshots and the entities in them.

Every record is frozen: a stage never edits what an earlier stage produced. Source
positions (``line``) ride along so that later stages (lint, CI annotations) can point at
the YAML that produced a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .records import quick_init


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


@quick_init
@dataclass(frozen=True, slots=True)
class Identifier:
    """A registration or tax number as printed: ``type`` is the label (INN, CR No., IMO...)."""

    type: str
    value: str


@quick_init
@dataclass(frozen=True, slots=True)
class Entity:
    """One listed (or proposed) subject.

    ``name`` is the primary name as written in the source; ``aliases`` are the other
    spellings (other scripts, transliterations, former names). ``country`` is an ISO 3166
    alpha-2 code (current, withdrawn, or XK) or None when the source gives none.
    ``birth_dates`` are ISO dates, possibly partial ("1976-07-25", "1965", "1978-03"), with
    the ISO 8601-2 marks for "approximately" ("1965~") and "between" ("1960/1965"; see
    formats.official), or the printed text where the source gives no date ("March/April
    1965"); as strings they sort by year and compare exactly. ``nationalities`` are
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

    def names(self) -> tuple[str, ...]:
        """The name followed by every alias: everything a matcher may compare."""
        return (self.name, *self.aliases)


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
    # False for a quick list written without a ``snapshot:`` header: every field above is
    # then a default, not something its file claims (validate asks sources of a file that
    # claims to be complete, SD104, never of one that claims nothing).
    has_header: bool = True

    @classmethod
    def headerless(cls, title: str) -> SnapshotMeta:
        """What a file without a ``snapshot:`` header is taken to be: titled ``title`` (the
        file's name as the user gave it), a consolidated list of complete coverage.

        Complete, because a quick list is the whole of what its writer wants compared: an
        entity missing from the newer of two is "removed", as the writer means it, where
        partial coverage would say its absence proves nothing. Consolidated, because a
        package needs a number and a stage (and "dropped" a draft and a final of one
        package), which only a header can say."""
        return cls(title=title, has_header=False)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of one list. ``origin`` is how the user named it (a path or a bundled name).

    ``notices``: what the reader met in the file and could not read (one line per kind of
    structure, with a count), shown as warnings: a reader never drops data without a word.
    """

    meta: SnapshotMeta
    entities: tuple[Entity, ...] = field(default=())
    origin: str = ""
    notices: tuple[str, ...] = ()

    @property
    def is_partial(self) -> bool:
        return self.meta.coverage is Coverage.PARTIAL

"""Records built by the hundred thousand get a faster __init__ (records.quick_init); it
must stay the dataclass's own in every respect."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import pickle

import pytest

from sanctions_diff import matcher, normalize
from sanctions_diff.analysis import diff
from sanctions_diff.matcher import assignment, names
from sanctions_diff.model import Entity, EntityType, Identifier
from sanctions_diff.records import quick_init

QUICK = [
    Entity,
    Identifier,
    diff.Change,
    diff.FieldChange,
    matcher.Match,
    matcher.PossibleMatch,
    names.Name,
    assignment.Edge,
    normalize.NormalName,
]


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, f in zip(parameters, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert parameter.default == expected, f.name
        assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


def full_entity() -> Entity:
    return Entity(
        "Tordan Industry Limited",
        EntityType.ORGANIZATION,
        "eu-833-iv-1",
        ("Tordan Industry",),
        "HK",
        (Identifier("CR No.", "2182045"),),
        ("Hong Kong",),
        dt.date(2023, 6, 23),
        "Annex IV entry",
        (),
        (),
        "supplies electronic components",
        12,
    )


def test_every_field_is_set_as_given_positionally_and_by_keyword() -> None:
    entity = full_entity()
    by_keyword = Entity(**{f.name: getattr(entity, f.name) for f in dataclasses.fields(Entity)})
    assert by_keyword == entity
    assert hash(by_keyword) == hash(entity)
    assert entity.identifiers[0].value == "2182045"
    assert entity.line == 12
    assert Entity("A") == Entity(name="A", type=EntityType.ORGANIZATION, line=0)


def test_records_stay_frozen_and_work_with_replace_and_pickle() -> None:
    entity = full_entity()
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.name = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.identifiers[0].value = "1"  # type: ignore[misc]
    changed = dataclasses.replace(entity, country="RU")
    assert changed.country == "RU" and changed.name == entity.name
    assert pickle.loads(pickle.dumps(entity)) == entity
    assert "Tordan Industry Limited" in repr(entity)


def test_only_frozen_slots_dataclasses_without_factories_are_accepted() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = dataclasses.field(init=False, default=0)

        def __post_init__(self) -> None:
            object.__setattr__(self, "b", self.a + 1)

    @dataclasses.dataclass(frozen=True, slots=True)
    class KeywordOnly:
        a: int = dataclasses.field(kw_only=True)

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        a: int
        scale: dataclasses.InitVar[int] = 1

    for cls in (NoSlots, Factory, Derived, KeywordOnly, WithInitVar, int):
        with pytest.raises(TypeError):
            quick_init(cls)

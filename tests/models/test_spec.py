"""The models against the OpenAPI document: names, attributes, types, ``$type`` families."""

from __future__ import annotations

import collections.abc
import types
import typing
from datetime import date, datetime
from typing import Any

import attrs
import pytest

from aioyoutrack import models as m
from aioyoutrack._fields import polymorphic_subtypes, wire_name

#: Classes named after the wire ``$type`` whose spec schema has another name.
SCHEMA_OF = {
    "SingleValueIssueCustomField": "DatabaseSingleValueIssueCustomField",
    "MultiValueIssueCustomField": "DatabaseMultiValueIssueCustomField",
}
#: Attributes the server returns that the 2025.3 document does not list (with evidence).
# Sample 024 returns bundle names; samples 001, 007, 008 and 014 user names.
NOT_IN_SPEC = {("Bundle", "name"), ("User", "name")}
#: Python bases that differ from the spec's allOf parent, on purpose (documented).
OTHER_BASE = {"DateIssueCustomField": "IssueCustomField"}
#: int64 properties that are instants (epoch ms) and so are datetimes here.
TIMESTAMPS = {
    "created",
    "updated",
    "resolved",
    "date",
    "timestamp",
    "start",
    "finish",
    "releaseDate",
    "startDate",
    "assembleDate",
    "fetched",
    "creationDate",
    "startedTime",
    # The resolution time before and after the change:
    "IssueResolvedActivityItem.added",
    "IssueResolvedActivityItem.removed",
}
#: The polymorphic roots whose every spec ``$type`` must have a class.
ROOTS = [
    "IssueCustomField",
    "ProjectCustomField",
    "BundleElement",
    "Bundle",
    "ActivityItem",
    "Visibility",
    "CommandVisibility",
    "User",
    "UserGroup",
    "FilterField",
    "IssueFolder",
    "CustomFieldDefaults",
    "BaseWorkItem",
    "BaseArticle",
]

MODELS = [value for name in m.__all__ if isinstance(value := getattr(m, name), type)]


def schema_name(cls: type) -> str:
    return SCHEMA_OF.get(cls.__name__, cls.__name__)


def spec_parent(spec: dict[str, Any], name: str) -> str | None:
    for part in spec[name].get("allOf", []):
        if "$ref" in part:
            return str(part["$ref"].rsplit("/", 1)[-1])
    return None


def spec_properties(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """Every property of a schema, inherited ones included (subclass wins)."""
    schema = spec[name]
    props: dict[str, Any] = {}
    parent = spec_parent(spec, name)
    if parent is not None:
        props.update(spec_properties(spec, parent))
    for part in schema.get("allOf", [schema]):
        props.update(part.get("properties", {}))
    return props


def spec_subtypes(spec: dict[str, Any], name: str) -> set[str]:
    """``name`` and every schema deriving from it."""
    found = {name}
    for other in spec:
        parent = spec_parent(spec, other)
        if parent is not None and parent in found:
            found |= spec_subtypes(spec, other)
    return found


def test_every_model_has_a_spec_schema(spec: dict[str, Any]) -> None:
    missing = [c.__name__ for c in MODELS if schema_name(c) not in spec]
    assert missing == []


def test_python_bases_follow_the_spec(spec: dict[str, Any]) -> None:
    wrong = []
    for cls in MODELS:
        model_bases = [b for b in cls.__bases__ if attrs.has(b)]
        base = model_bases[0].__name__ if model_bases else None
        expected = OTHER_BASE.get(cls.__name__) or spec_parent(spec, schema_name(cls))
        expected = {v: k for k, v in SCHEMA_OF.items()}.get(expected or "", expected)
        if base != expected:
            wrong.append((cls.__name__, base, expected))
    assert wrong == []


def test_every_attribute_exists_in_the_spec(spec: dict[str, Any]) -> None:
    unknown = []
    for cls in MODELS:
        props = spec_properties(spec, schema_name(cls))
        for attribute in attrs.fields(cls):
            owner = next(
                k.__name__
                for k in reversed(cls.__mro__)
                if attrs.has(k) and attribute.name in attrs.fields_dict(k)
            )
            if wire_name(attribute) not in props and (owner, attribute.name) not in NOT_IN_SPEC:
                unknown.append(f"{cls.__name__}.{attribute.name} ({wire_name(attribute)})")
    assert unknown == []


def _strip(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if (origin is typing.Union or origin is types.UnionType) and len(args) == 1:
        return args[0]
    return tp


def _type_ok(
    spec: dict[str, Any], prop: dict[str, Any], tp: Any, name: str, owner_name: str = ""
) -> bool:
    tp = _strip(tp)
    if tp is Any:
        return True
    if "$ref" in prop:
        ref = prop["$ref"].rsplit("/", 1)[-1]
        return attrs.has(tp) and schema_name(tp) in spec_subtypes(spec, ref)
    kind = prop.get("type")
    origin = typing.get_origin(tp)
    if kind == "array":
        if origin not in (list, collections.abc.Sequence):
            return False
        return _type_ok(spec, prop["items"], typing.get_args(tp)[0], name, owner_name)
    if kind == "string":
        return tp is str
    if kind == "boolean":
        return tp is bool
    if kind == "integer":
        if prop.get("format") == "int64" and (name in TIMESTAMPS or owner_name in TIMESTAMPS):
            return tp is datetime
        return tp is int
    # "object" is the spec's "anything": a model class or a union is fine.
    return kind == "object"


def test_attribute_types_follow_the_spec(spec: dict[str, Any]) -> None:
    wrong = []
    for cls in MODELS:
        props = spec_properties(spec, schema_name(cls))
        for attribute in attrs.fields(cls):
            prop = props.get(wire_name(attribute))
            if prop is None:
                continue
            key = wire_name(attribute)
            if not _type_ok(spec, prop, attribute.type, key, f"{cls.__name__}.{key}"):
                wrong.append(f"{cls.__name__}.{attribute.name}: {attribute.type} vs {prop}")
    assert wrong == []


def test_every_attribute_is_optional_with_default_none() -> None:
    for cls in MODELS:
        for attribute in attrs.fields(cls):
            assert attribute.default is None, f"{cls.__name__}.{attribute.name}"
            assert attribute.kw_only, f"{cls.__name__}.{attribute.name}"
        cls()  # every class builds with no arguments


def test_models_are_slotted_and_mutable() -> None:
    for cls in MODELS:
        assert "__slots__" in cls.__dict__, cls.__name__
        instance = cls()
        instance.id = "x"  # mutable: frozen classes cost ~20% more to build


@pytest.mark.parametrize("root", ROOTS)
def test_every_spec_type_of_a_family_has_a_class(spec: dict[str, Any], root: str) -> None:
    mapping = spec[root]["discriminator"]["mapping"]
    classes = {c.__name__ for c in polymorphic_subtypes(getattr(m, root))}
    assert set(mapping) - classes == set()
    for type_name, ref in mapping.items():
        cls = getattr(m, type_name)
        assert schema_name(cls) == ref.rsplit("/", 1)[-1]


def test_date_custom_field_value_is_a_date() -> None:
    assert attrs.fields_dict(m.DateIssueCustomField)["value"].type == date | None


def test_all_exports_are_public_model_classes() -> None:
    assert sorted(m.__all__) == m.__all__
    assert all(attrs.has(c) for c in MODELS)
    assert len(MODELS) > 100

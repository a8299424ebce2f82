"""The public helper functions refuse an argument of the wrong kind with a typed error.

``structure``, ``unstructure``, ``fields_for``, ``field_metadata``, ``redact_headers``,
``encode_custom_field`` and ``encode_custom_fields`` are called by users' own code (a
webhook handler structuring a payload, a body built by hand): given something they do
not take, they raise a ``YouTrackError`` that names it, never ``AttributeError``,
``TypeError`` or cattrs' own errors from inside the library.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import typing
from collections.abc import Callable
from typing import Any

import pytest

import aioyoutrack
from aioyoutrack import (
    CustomFieldError,
    InvalidRequestError,
    YouTrackError,
    encode_custom_field,
    encode_custom_fields,
    field_metadata,
    fields_for,
    redact_headers,
    structure,
)
from aioyoutrack.models import (
    CustomField,
    EnumBundle,
    EnumBundleElement,
    EnumProjectCustomField,
    FieldType,
    Issue,
    Project,
    ProjectCustomField,
    User,
)


def _priority(**bundle: Any) -> EnumProjectCustomField:
    return EnumProjectCustomField(
        field=CustomField(name="Priority", field_type=FieldType(id="enum[1]")),
        project=Project(short_name="SP"),
        bundle=EnumBundle(**bundle) if bundle else None,
    )


HOSTILE: list[Any] = [
    None,
    "x",
    "",
    0,
    10**400,
    float("nan"),
    True,
    [],
    [None],
    {},
    {"a": 1},
    b"x",
    dt.timedelta(1),
    object(),
    Issue(),
    User(),
    list,
    "list[Issue]",
    ProjectCustomField(),
    ProjectCustomField(field="F"),  # type: ignore[arg-type]
    _priority(),
]

CALLS: dict[str, Callable[[Any, Any], object]] = {
    "structure": lambda a, b: structure(a, b),
    "unstructure": lambda a, _: aioyoutrack.unstructure(a),
    "fields_for": lambda a, _: fields_for(a),
    "field_metadata": lambda a, b: field_metadata(fields=a, wire_name=b),
    "field_metadata(fetch)": lambda a, _: field_metadata(fetch=a),
    "redact_headers": lambda a, _: redact_headers(a),
    "redact_headers(value)": lambda a, _: redact_headers({"Authorization": a}),
    "encode_custom_field": lambda a, b: encode_custom_field(a, b),
    "encode_custom_field(project)": lambda a, b: encode_custom_field(_priority(), b, project=a),
    "encode_custom_fields": lambda a, b: encode_custom_fields(a, b),
    "encode_custom_fields(items)": lambda a, b: encode_custom_fields([a], {"F": b}),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_no_foreign_exception_escapes_whatever_the_arguments(name: str) -> None:
    call = CALLS[name]
    for first in HOSTILE:
        for second in HOSTILE:
            with contextlib.suppress(YouTrackError):
                call(first, second)


@pytest.mark.parametrize("cls", ["list[Issue]", [], {}, Issue(), -1])
def test_structure_names_a_class_it_cannot_structure_into(cls: Any) -> None:
    with pytest.raises(InvalidRequestError, match=r"structure\(\) takes an attrs class"):
        structure({}, cls)


class _Colour(enum.Enum):
    RED = 1


@pytest.mark.parametrize("cls", [[], {}, Issue(), "Issue", "list[Issue]", 5, _Colour.RED, object()])
def test_fields_for_names_an_instance_given_for_a_class(cls: Any) -> None:
    with pytest.raises(InvalidRequestError, match=r"fields_for\(\) takes a model class"):
        fields_for(cls)


@pytest.mark.parametrize(
    "form",
    [typing.Annotated[User, {"k": 1}], list[{}], typing.Annotated[list[User], []]],  # type: ignore[misc]
)
def test_fields_for_names_a_type_form_it_cannot_keep(form: Any) -> None:
    with pytest.raises(InvalidRequestError, match="cannot be hashed"):
        fields_for(form)


class _HashFails(type):
    def __hash__(cls) -> int:
        raise ValueError("no hash here")


class _EqualToUser:
    """Not a type, yet equal to ``User`` and hashed alike: a dict would take it for it."""

    def __eq__(self, other: object) -> bool:
        return other is User

    def __hash__(self) -> int:
        return hash(User)


class _Unhashable:
    def __hash__(self) -> int:
        raise ValueError("no hash here")


def test_fields_for_refuses_what_a_cached_lookup_would_misread() -> None:
    """Review: reading the cache before checking the argument let a hash's own error
    escape, and gave an object equal to a cached class that class's projection."""
    assert fields_for(User) != ""  # cached
    for odd in (_EqualToUser(), _Unhashable()):
        with pytest.raises(InvalidRequestError, match="takes a model class"):
            fields_for(odd)
    with pytest.raises(InvalidRequestError, match="cannot be hashed"):
        fields_for(_HashFails("Model", (), {}))


def test_fields_for_still_memoizes_and_reads_types() -> None:
    assert fields_for(list[User]) == fields_for(User) != ""
    optional = typing.Optional[User]  # noqa: UP045  # the typing module's spelling, as such
    assert fields_for(User | None) == fields_for(optional) == fields_for(User)
    for plain in (dict, int, None, typing.Any, typing.TypeVar("T"), typing.NewType("N", int)):
        assert fields_for(plain) == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"fields": b"id"}, "fields must be a str or None"),
        ({"wire_name": 1}, "wire_name must be a str or None"),
        ({"fetch": "no"}, "fetch must be a bool"),
    ],
)
def test_field_metadata_names_a_wrong_argument(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        field_metadata(**arguments)


@pytest.mark.parametrize("headers", [None, "Authorization: Bearer perm:x", [("A", "b")]])
def test_redact_headers_takes_a_mapping(headers: Any) -> None:
    with pytest.raises(InvalidRequestError, match="headers must be a mapping"):
        redact_headers(headers)


def test_encode_custom_field_names_a_schema_that_is_not_a_project_field() -> None:
    with pytest.raises(InvalidRequestError, match="schema must be a ProjectCustomField"):
        encode_custom_field({"field": {"name": "Priority"}}, "Major")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="project must be a str or None"):
        encode_custom_field(_priority(), "Major", project=5)  # type: ignore[arg-type]
    # A field that is not a CustomField has no name to write under.
    with pytest.raises(CustomFieldError, match="no field name"):
        encode_custom_field(ProjectCustomField(field="Priority"), "Major")  # type: ignore[arg-type]


def test_encode_custom_fields_names_a_wrong_schema_or_values() -> None:
    with pytest.raises(InvalidRequestError, match="schema must be a list of ProjectCustomField"):
        encode_custom_fields(_priority(), {"Priority": "Major"})  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="schema must be a ProjectCustomField"):
        encode_custom_fields([None], {"Priority": "Major"})  # type: ignore[list-item]
    with pytest.raises(InvalidRequestError, match="values must be a mapping"):
        encode_custom_fields([_priority()], ["Priority"])  # type: ignore[arg-type]


def test_a_hand_built_bundle_checks_only_the_elements_it_holds() -> None:
    values: Any = [None, "Minor", EnumBundleElement(name="Major")]
    assert encode_custom_field(_priority(values=values), "Major")["value"] == {"name": "Major"}
    with pytest.raises(CustomFieldError, match="is not one of its values"):
        encode_custom_field(_priority(values=values), "Minor")
    not_a_list: Any = "Major"
    assert encode_custom_field(_priority(values=not_a_list), "Any")["value"] == {"name": "Any"}


def test_the_project_label_of_a_hand_built_schema_is_read_only_when_it_is_a_project() -> None:
    schema = _priority()
    schema.project = "SP"  # type: ignore[assignment]
    with pytest.raises(CustomFieldError) as raised:
        encode_custom_field(schema, 5)
    assert raised.value.project is None

"""Reading a model built by hand never raises a foreign exception.

Models are not checked when built (structuring checks what a server sends; the
caller's own instances are theirs), so a typed field may hold a value of another shape:
``SingleEnumIssueCustomField(value="Critical")``. Properties read such a value as they
read untyped JSON, by its shape (a str or a number as it is), and ``Issue.fields``
skips what is not a custom field, instead of raising ``AttributeError`` or
``TypeError`` from inside the library.
"""

from __future__ import annotations

import contextlib
import inspect
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest

import aioyoutrack.models as models
from aioyoutrack import UnknownCustomFieldError, YouTrackError
from aioyoutrack.models import (
    EnumBundleElement,
    Issue,
    IssueCustomField,
    MultiEnumIssueCustomField,
    MultiUserIssueCustomField,
    PeriodIssueCustomField,
    PeriodValue,
    SingleEnumIssueCustomField,
    SingleUserIssueCustomField,
    StateIssueCustomField,
    TextIssueCustomField,
)

HOSTILE: list[Any] = [
    "x",
    "",
    0,
    -1,
    10**400,
    1.5,
    float("nan"),
    True,
    [],
    [None],
    ["a", 1],
    [[1]],
    {},
    {"name": 1},
    {"$type": "User"},
    b"x",
    datetime(2020, 1, 1),
    date(2020, 1, 1),
    timedelta(1),
    object(),
]

WITH_PROPERTIES = sorted(
    (
        cls
        for cls in vars(models).values()
        if inspect.isclass(cls)
        and attrs.has(cls)
        and any(isinstance(v, property) for _, v in inspect.getmembers(cls))
    ),
    key=lambda cls: cls.__name__,
)


def _properties(cls: type) -> list[str]:
    return [name for name, v in inspect.getmembers(cls) if isinstance(v, property)]


def test_the_models_with_properties_are_found() -> None:
    names = {cls.__name__ for cls in WITH_PROPERTIES}
    assert {"Issue", "PeriodValue", "DurationValue", "SingleEnumIssueCustomField"} <= names


@pytest.mark.parametrize("cls", WITH_PROPERTIES, ids=lambda c: c.__name__)
def test_no_property_raises_a_foreign_exception_whatever_an_attribute_holds(cls: type) -> None:
    for field in attrs.fields(cls):
        for value in HOSTILE:
            obj = cls(**{field.name: value})
            for name in _properties(cls):
                with contextlib.suppress(YouTrackError):
                    getattr(obj, name)


@pytest.mark.parametrize("cls", [c for c in WITH_PROPERTIES if issubclass(c, IssueCustomField)])
def test_an_issue_holding_any_hand_built_field_reads_by_name(cls: type) -> None:
    for field in attrs.fields(cls):
        for value in HOSTILE:
            cf = cls(**{field.name: value})
            if field.name != "name":
                cf.name = "F"
            issue = Issue(id_readable="A-1", custom_fields=[cf])
            values = issue.fields
            assert ("F" in values) is (field.name != "name")
            with pytest.raises(UnknownCustomFieldError):
                values["G"]
            with pytest.raises(UnknownCustomFieldError):
                issue.custom_field("G")


def test_a_typed_field_holding_a_plain_value_gives_it_as_it_is() -> None:
    assert SingleEnumIssueCustomField(value="Critical").plain_value == "Critical"  # type: ignore[arg-type]
    assert StateIssueCustomField(value={"name": "Fixed"}).plain_value == "Fixed"  # type: ignore[arg-type]
    mixed = MultiEnumIssueCustomField(value=["a", EnumBundleElement(name="b")])  # type: ignore[list-item]
    assert mixed.plain_value == ["a", "b"]
    seven: Any = MultiEnumIssueCustomField(value=7)  # type: ignore[arg-type]
    assert seven.plain_value == 7
    users: Any = MultiUserIssueCustomField(value="jane")  # type: ignore[arg-type]
    assert users.plain_value == "jane"
    user: Any = SingleUserIssueCustomField(value="jane")  # type: ignore[arg-type]
    assert user.plain_value == "jane"


def test_period_and_text_fields_read_a_plain_value_by_its_shape() -> None:
    assert PeriodIssueCustomField(value={"minutes": 90}).plain_value == timedelta(minutes=90)  # type: ignore[arg-type]
    assert PeriodIssueCustomField(value="1h").plain_value == "1h"  # type: ignore[arg-type]
    assert PeriodIssueCustomField(value=PeriodValue(minutes=5)).plain_value == timedelta(minutes=5)
    assert TextIssueCustomField(value="*bold*").plain_value == "*bold*"  # type: ignore[arg-type]
    assert TextIssueCustomField(value={"text": "t"}).plain_value == "t"  # type: ignore[arg-type]


def test_field_type_of_a_hand_built_project_field_is_none_unless_it_reads() -> None:
    assert IssueCustomField(project_custom_field="x").field_type is None  # type: ignore[arg-type]
    assert IssueCustomField(project_custom_field={"field": 1}).field_type is None  # type: ignore[arg-type]


def test_issue_fields_skip_what_is_not_a_custom_field() -> None:
    kept = SingleEnumIssueCustomField(name="Priority", value=EnumBundleElement(name="Major"))
    unnamed = SingleEnumIssueCustomField(name=["P"], value=None)  # type: ignore[arg-type]
    issue = Issue(custom_fields=[kept, {"name": "Raw"}, "Type", unnamed])  # type: ignore[list-item]
    assert issue.fields == {"Priority": "Major"}
    assert issue.custom_field("Priority") is kept


def test_custom_fields_that_are_not_a_list_are_named_in_the_error() -> None:
    issue = Issue(id_readable="A-1", custom_fields=5)  # type: ignore[arg-type]
    assert issue.fields == {}
    with pytest.raises(UnknownCustomFieldError, match="custom_fields holds 5, not a list"):
        issue.fields["Priority"]
    with pytest.raises(UnknownCustomFieldError, match="not a list"):
        issue.custom_field("Priority")

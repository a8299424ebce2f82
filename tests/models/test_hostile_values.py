"""Reading a model never raises a foreign exception, whatever the server sent.

What is decided per value:

- period and duration ``minutes`` outside the spec's 32-bit int are refused while
  structuring (``ResponseValidationError`` with the path);
- untyped custom-field values (an unknown ``$type``) are kept raw where they fit no
  shape: a ``$type`` that is not a string, lists nested in lists, a user whose login is
  not a string, minutes no ``timedelta`` holds;
- ``unstructure`` of a cycle, or of a chain too deep for a JSON body, is an
  ``InvalidRequestError``.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from aioyoutrack import (
    DurationValue,
    InvalidRequestError,
    Issue,
    IssueWorkItem,
    PeriodValue,
    ResponseValidationError,
    structure,
    unstructure,
)
from aioyoutrack.models import Sprint


def _issue(*custom_fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "$type": "Issue",
        "id": "2-1",
        "idReadable": "SP-1",
        "customFields": list(custom_fields),
    }


@pytest.mark.parametrize("minutes", [10**15, 2**31, -(2**31) - 1, 10**400])
def test_period_minutes_outside_32_bits_are_refused_with_the_path(minutes: int) -> None:
    data = _issue(
        {
            "$type": "PeriodIssueCustomField",
            "name": "Estimation",
            "value": {"$type": "PeriodValue", "minutes": minutes},
        }
    )
    with pytest.raises(ResponseValidationError) as info:
        structure(data, Issue)
    assert info.value.errors == [
        "invalid value for type, expected int | None (expected a 32-bit integer, got an "
        "integer out of its range) @ $.customFields[0].value.minutes"
    ]


def test_work_item_duration_minutes_outside_32_bits_are_refused_with_the_path() -> None:
    data = {"$type": "IssueWorkItem", "id": "1", "duration": {"minutes": 10**15}}
    with pytest.raises(ResponseValidationError) as info:
        structure(data, IssueWorkItem)
    assert info.value.errors[0].endswith("@ $.duration.minutes")


@pytest.mark.parametrize("minutes", [0, 2**31 - 1, -(2**31)])
def test_minutes_within_32_bits_are_read(minutes: int) -> None:
    data = _issue(
        {
            "$type": "PeriodIssueCustomField",
            "name": "Estimation",
            "value": {"$type": "PeriodValue", "minutes": minutes},
        }
    )
    issue = structure(data, Issue)
    assert issue.fields["Estimation"].total_seconds() == minutes * 60


@pytest.mark.parametrize("cls", [PeriodValue, DurationValue])
@pytest.mark.parametrize("minutes", [10**15, -(10**15), "90", 1.5, None])
def test_timedelta_of_a_hand_built_value_never_raises(cls: Any, minutes: Any) -> None:
    assert cls(minutes=minutes).timedelta is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"$type": ["PeriodValue"], "name": "x"}, "x"),
        ({"$type": {"a": 1}, "text": "t"}, "t"),
        ({"$type": "PeriodValue", "minutes": 10**15, "presentation": "forever"}, "forever"),
        ({"minutes": 10**15}, None),
        ({"$type": "User", "login": 5}, {"$type": "User", "login": 5}),
        ([[1, [2]], {"name": "n"}], [[1, [2]], "n"]),
    ],
)
def test_odd_untyped_values_are_kept_raw(value: Any, expected: Any) -> None:
    issue = structure(
        _issue({"$type": "FutureIssueCustomField", "name": "F", "value": value}), Issue
    )
    assert issue.fields == {"F": expected}


def test_a_value_nested_900_deep_is_kept_raw() -> None:
    value: list[Any] = []
    for _ in range(900):
        value = [value]
    issue = structure(
        _issue({"$type": "FutureIssueCustomField", "name": "F", "value": value}), Issue
    )
    assert issue.fields["F"] == [value[0]]


def test_unstructure_of_a_cycle_is_an_invalid_request() -> None:
    sprint = Sprint(name="loop")
    sprint.previous_sprint = sprint
    with pytest.raises(InvalidRequestError, match="refer to themselves"):
        unstructure(sprint)


def test_unstructure_of_a_chain_too_deep_is_an_invalid_request() -> None:
    # Python's default limit, whatever an earlier test (hypothesis raises it while it
    # runs) left behind: too deep is then deterministic.
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        sprint = Sprint(name="0")
        for i in range(5000):
            sprint = Sprint(name=str(i), previous_sprint=sprint)
        with pytest.raises(InvalidRequestError, match="nested more than"):
            unstructure(sprint)
    finally:
        sys.setrecursionlimit(previous)
    # A chain of ordinary depth still works.
    assert unstructure(Sprint(name="b", previous_sprint=Sprint(name="a"))) == {
        "name": "b",
        "previousSprint": {"name": "a"},
    }


@pytest.mark.parametrize(
    "obj",
    [
        Issue(created=10**30),  # type: ignore[arg-type]
        Issue(created="2024"),  # type: ignore[arg-type]
        Issue(custom_fields=5),  # type: ignore[arg-type]
        Issue(project="SP"),  # type: ignore[arg-type]
        Issue(tags=[1]),  # type: ignore[list-item]
    ],
    ids=["huge-int-datetime", "str-datetime", "int-list", "str-model", "int-in-model-list"],
)
def test_unstructure_of_a_badly_typed_attribute_is_an_invalid_request(obj: Issue) -> None:
    with pytest.raises(InvalidRequestError, match="holds a value its type does not allow"):
        unstructure(obj)

"""Reading a model never raises a foreign exception, whatever the server sent.

What is decided per value:

- period and duration ``minutes`` outside the spec's 32-bit int are refused while
  structuring (``ResponseValidationError`` with the path);
- untyped custom-field values (an unknown ``$type``) are kept raw where they fit no
  shape: a ``$type`` that is not a string, lists nested in lists, a user whose login is
  not a string, minutes no ``timedelta`` holds (shown by the server's ``presentation``
  when it sent one);
- a number too large for a float (which the standard library's JSON reads, without
  orjson) stays an ``int`` where a float is expected: it is a number, and ``inf`` would
  lose it;
- epoch milliseconds beyond what a ``datetime`` holds (years 1 to 9999) are refused
  while structuring an instant or a day, with the path, and kept as the int in a
  date-and-time simple field;
- ``unstructure`` of a cycle, or of a chain too deep for a JSON body, is an
  ``InvalidRequestError``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stack_depth import recursion_limit

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
from aioyoutrack._convert_scalars import INT32_MAX, INT32_MIN
from aioyoutrack._dates import MAX_DATETIME_MS, MIN_DATETIME_MS
from aioyoutrack.models import DateIssueCustomField, SimpleIssueCustomField, Sprint


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
        ({"minutes": 10**15}, {"minutes": 10**15}),
        ({"minutes": 10**15, "presentation": None}, {"minutes": 10**15, "presentation": None}),
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
    sprint = Sprint(name="0")
    for i in range(5000):
        sprint = Sprint(name=str(i), previous_sprint=sprint)
    with recursion_limit(1000), pytest.raises(InvalidRequestError, match="nested more than"):
        unstructure(sprint)
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


# --- numbers and instants beyond a float's or a datetime's range ----------------------

#: Edge values of ints: around a float's range (2**1024 is the first int past it), and
#: far past it (the standard library's JSON reads 4 300 digits).
_BIG = [2**1023, 2**1024 - 1, 2**1024, 10**400, -(10**400), 10**4299]
_ANY_INT = st.one_of(
    st.integers(),
    st.sampled_from(_BIG),
    st.integers(min_value=-(10**450), max_value=10**450),
    st.integers(min_value=MIN_DATETIME_MS - 10, max_value=MIN_DATETIME_MS + 10),
    st.integers(min_value=MAX_DATETIME_MS - 10, max_value=MAX_DATETIME_MS + 10),
)


def _simple(value: Any, field_type: str | None) -> dict[str, Any]:
    field: dict[str, Any] = {"$type": "SimpleIssueCustomField", "name": "F", "value": value}
    if field_type is not None:
        field["projectCustomField"] = {"field": {"fieldType": {"id": field_type}}}
    return _issue(field)


@pytest.mark.parametrize(
    "value", [2**1024, 10**400, -(10**400), 10**4299], ids=["2**1024", "e400", "-e400", "e4299"]
)
def test_a_float_field_holding_an_int_too_large_for_a_float_keeps_the_int(value: int) -> None:
    issue = structure(_simple(value, "float"), Issue)
    assert issue.fields == {"F": value}
    assert issue.custom_field("F").plain_value == value
    assert type(issue.custom_field("F").plain_value) is int


def test_a_float_field_holding_a_whole_number_a_float_holds_is_a_float() -> None:
    issue = structure(_simple(2**1023, "float"), Issue)
    assert issue.fields == {"F": float(2**1023)}
    assert type(issue.fields["F"]) is float


@pytest.mark.parametrize("value", [2**53 + 1, -(2**53) - 1, 2**1023 + 1])
def test_a_float_field_holding_a_whole_number_no_float_holds_exactly_keeps_it(
    value: int,
) -> None:
    # Found by Hypothesis: 2**53 + 1 read as 9007199254740992.0 (one lost).
    issue = structure(_simple(value, "float"), Issue)
    assert issue.fields == {"F": value}
    assert type(issue.custom_field("F").plain_value) is int


@given(
    value=st.one_of(_ANY_INT, st.floats(allow_nan=False), st.text(max_size=5), st.none()),
    field_type=st.sampled_from(["float", "date and time", "integer", "string", "enum[1]", None]),
)
def test_reading_a_simple_field_never_raises_and_loses_nothing(
    value: Any, field_type: str | None
) -> None:
    issue = structure(_simple(value, field_type), Issue)
    plain = issue.fields["F"]
    assert issue.custom_field("F").plain_value == plain
    if isinstance(plain, datetime):
        assert unstructure(plain) == value  # the same instant
    elif isinstance(plain, float) and type(value) is int:
        assert plain == value  # a whole number a float holds exactly
    else:
        assert plain == value
        assert type(plain) is type(value)


_BEYOND_DATETIME = (
    "(expected epoch milliseconds within the years 1 to 9999, got one beyond them) @ "
)


@given(ms=_ANY_INT)
def test_an_instant_is_read_or_refused_with_its_path(ms: int) -> None:
    if MIN_DATETIME_MS <= ms <= MAX_DATETIME_MS:
        issue = structure({"created": ms}, Issue)
        assert issue.created is not None
        assert unstructure(issue.created) == ms
        return
    with pytest.raises(ResponseValidationError) as caught:
        structure({"created": ms}, Issue)
    assert caught.value.errors == [
        f"invalid value for type, expected datetime.datetime | None {_BEYOND_DATETIME}$.created"
    ]


@given(ms=_ANY_INT)
def test_a_day_is_read_or_refused_with_its_path(ms: int) -> None:
    data = _issue({"$type": "DateIssueCustomField", "name": "D", "value": ms})
    if MIN_DATETIME_MS <= ms <= MAX_DATETIME_MS:
        issue = structure(data, Issue)
        assert isinstance(issue.custom_field("D"), DateIssueCustomField)
        assert issue.fields["D"] == issue.custom_field("D").value
        return
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, Issue)
    assert caught.value.errors[0].endswith(f"{_BEYOND_DATETIME}$.customFields[0].value")


@given(minutes=_ANY_INT, presentation=st.one_of(st.none(), st.just("1w")))
def test_periods_are_read_refused_or_kept(minutes: int, presentation: str | None) -> None:
    period = {"minutes": minutes, "presentation": presentation}
    typed = _issue({"$type": "PeriodIssueCustomField", "name": "P", "value": period})
    untyped = _issue({"$type": "FutureIssueCustomField", "name": "P", "value": period})
    if INT32_MIN <= minutes <= INT32_MAX:
        assert structure(typed, Issue).fields["P"].total_seconds() == minutes * 60
    else:
        with pytest.raises(
            ResponseValidationError, match=r"@ \$\.customFields\[0\]\.value\.minutes"
        ):
            structure(typed, Issue)
    plain = structure(untyped, Issue).fields["P"]
    assert plain is not None
    if not isinstance(plain, timedelta):
        assert plain == (presentation or period)


def test_a_float_attribute_of_a_callers_class_keeps_an_int_too_large_for_a_float() -> None:
    @attrs.define
    class Measure:
        ratio: float
        maybe: float | None = None

    assert structure({"ratio": 10**400, "maybe": -(10**400)}, Measure) == Measure(
        10**400, -(10**400)
    )
    assert type(structure({"ratio": 2}, Measure).ratio) is float


def test_a_huge_int_read_by_the_standard_library_json_reaches_the_field() -> None:
    # What a client without orjson reads (orjson refuses the number outright); the
    # command's own test runs without orjson (tests/cli/test_hostile_output.py).
    body = b'{"customFields": [{"$type": "SimpleIssueCustomField", "name": "F", "value": 1'
    body += b"0" * 400 + b', "projectCustomField": {"field": {"fieldType": {"id": "float"}}}}]}'
    issue = structure(json.loads(body), Issue)
    assert issue.fields == {"F": 10**400}
    assert SimpleIssueCustomField(value=10**400).plain_value == 10**400

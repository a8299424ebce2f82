"""Writing custom fields (encode_custom_field[s]) and reading them back (Issue.fields)."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from aioyoutrack import models as m
from aioyoutrack._convert import structure
from aioyoutrack._custom_fields import encode_custom_field, encode_custom_fields
from aioyoutrack.errors import CustomFieldError, UnknownCustomFieldError, YouTrackError

UTC = timezone.utc


def by_name(schema: list[m.ProjectCustomField], name: str) -> m.ProjectCustomField:
    return next(s for s in schema if s.field is not None and s.field.name == name)


# --- the JSON of each kind ------------------------------------------------------------

ENCODED = [
    ("Priority", "Critical", "SingleEnumIssueCustomField", {"name": "Critical"}),
    ("Tags", ["ui", "docs"], "MultiEnumIssueCustomField", [{"name": "ui"}, {"name": "docs"}]),
    ("Tags", "ui", "MultiEnumIssueCustomField", [{"name": "ui"}]),
    ("State", "Fixed", "StateIssueCustomField", {"name": "Fixed"}),
    ("Fix versions", ("1.0",), "MultiVersionIssueCustomField", [{"name": "1.0"}]),
    ("Affected version", "2.0", "SingleVersionIssueCustomField", {"name": "2.0"}),
    ("Build", "42", "SingleBuildIssueCustomField", {"name": "42"}),
    ("Builds", ["42", "43"], "MultiBuildIssueCustomField", [{"name": "42"}, {"name": "43"}]),
    ("Subsystem", "UI", "SingleOwnedIssueCustomField", {"name": "UI"}),
    ("Subsystems", ["Core"], "MultiOwnedIssueCustomField", [{"name": "Core"}]),
    ("Assignee", "jane.doe", "SingleUserIssueCustomField", {"login": "jane.doe"}),
    ("Assignee", m.User(login="jo"), "SingleUserIssueCustomField", {"login": "jo"}),
    ("Assignee", m.User(id="1-9"), "SingleUserIssueCustomField", {"id": "1-9"}),
    (
        "Watchers",
        ["a", m.User(login="b")],
        "MultiUserIssueCustomField",
        [{"login": "a"}, {"login": "b"}],
    ),
    ("Team", "devs", "SingleGroupIssueCustomField", {"name": "devs"}),
    ("Teams", [m.UserGroup(id="3-2")], "MultiGroupIssueCustomField", [{"id": "3-2"}]),
    (
        "Estimation",
        timedelta(hours=2, minutes=30),
        "PeriodIssueCustomField",
        {"$type": "PeriodValue", "minutes": 150, "presentation": "150m"},
    ),
    (
        "Estimation",
        "2h 30m",
        "PeriodIssueCustomField",
        {"$type": "PeriodValue", "presentation": "2h 30m"},
    ),
    (
        "Estimation",
        90,
        "PeriodIssueCustomField",
        {"$type": "PeriodValue", "minutes": 90, "presentation": "90m"},
    ),
    (  # as a work item's duration takes it (one rule: _dates.duration_minutes)
        "Estimation",
        90.0,
        "PeriodIssueCustomField",
        {"$type": "PeriodValue", "minutes": 90, "presentation": "90m"},
    ),
    ("Due Date", date(2024, 5, 17), "DateIssueCustomField", 1715947200000),
    (
        "Deployed at",
        datetime(2024, 5, 17, 9, 30, tzinfo=UTC),
        "SimpleIssueCustomField",
        1715938200000,
    ),
    (
        "Deployed at",
        datetime(2024, 5, 17, 11, 30, tzinfo=timezone(timedelta(hours=2))),
        "SimpleIssueCustomField",
        1715938200000,
    ),
    ("Deployed at", 1715938200000, "SimpleIssueCustomField", 1715938200000),
    # ISO 8601 strings, as a JSON front end sends them (Python 3.10 cannot parse "Z").
    ("Due Date", "2024-05-17", "DateIssueCustomField", 1715947200000),
    ("Due Date", " 2024-05-17 ", "DateIssueCustomField", 1715947200000),
    ("Deployed at", "2024-05-17T11:30:00+02:00", "SimpleIssueCustomField", 1715938200000),
    ("Deployed at", "2024-05-17T09:30:00Z", "SimpleIssueCustomField", 1715938200000),
    ("Deployed at", "2024-05-17T09:30z", "SimpleIssueCustomField", 1715938200000),
    ("Deployed at", "2024-05-17 04:00:00.25-0530", "SimpleIssueCustomField", 1715938200250),
    ("Deployed at", "2024-05-17T09:30:00.123456789+00", "SimpleIssueCustomField", 1715938200123),
    ("Story points", 5, "SimpleIssueCustomField", 5),
    ("Ratio", 0.5, "SimpleIssueCustomField", 0.5),
    ("Ratio", 2, "SimpleIssueCustomField", 2),
    ("Requester", "a@example.com", "SimpleIssueCustomField", "a@example.com"),
    ("Notes", "*hi*", "TextIssueCustomField", {"$type": "TextFieldValue", "text": "*hi*"}),
    ("Assignee", None, "SingleUserIssueCustomField", None),
    ("Fix versions", None, "MultiVersionIssueCustomField", []),
    ("Fix versions", [], "MultiVersionIssueCustomField", []),
    ("Due Date", None, "DateIssueCustomField", None),
]


@pytest.mark.parametrize(("name", "value", "issue_type", "wire"), ENCODED)
def test_encode_each_kind(
    schema: list[m.ProjectCustomField], name: str, value: Any, issue_type: str, wire: Any
) -> None:
    encoded = encode_custom_field(by_name(schema, name), value)
    assert encoded == {"name": name, "$type": issue_type, "value": wire}


def test_encode_a_bundle_element_by_name_or_id(schema: list[m.ProjectCustomField]) -> None:
    field = by_name(schema, "Priority")
    assert encode_custom_field(field, m.EnumBundleElement(name="Major"))["value"] == {
        "name": "Major"
    }
    assert encode_custom_field(field, m.EnumBundleElement(id="67-1"))["value"] == {"id": "67-1"}


def test_any_iterable_of_values_fits_a_multi_value_field_and_is_read_once(
    schema: list[m.ProjectCustomField],
) -> None:
    """Many values are recognised as the resources recognise them (one ``is_many``): a
    generator or a dict view is several values, taken once, not one unknown value."""
    tags = by_name(schema, "Tags")
    assert encode_custom_field(tags, (name for name in ["ui", "docs"]))["value"] == [
        {"name": "ui"},
        {"name": "docs"},
    ]
    assert encode_custom_field(tags, {"ui": 1}.keys())["value"] == [{"name": "ui"}]
    assert encode_custom_field(tags, iter([]))["value"] == []
    with pytest.raises(CustomFieldError, match="takes one value, got 2"):
        encode_custom_field(by_name(schema, "Priority"), (n for n in ["Major", "Normal"]))


# --- values that do not fit ------------------------------------------------------------

REFUSED = [
    ("Priority", "Critcal", "not one of its values ('Critical', 'Major', 'Normal')"),
    ("Priority", None, "cannot be empty"),
    ("State", None, "cannot be empty"),
    ("Priority", ["Major", "Normal"], "takes one value"),
    ("Priority", 3, "expected a value name"),
    ("Tags", ["ui", "nope"], "'nope' is not one of its values"),
    ("Assignee", 7, "expected a login"),
    ("Assignee", m.User(), "expected a login"),
    ("Team", 7, "expected a group name"),
    ("Estimation", timedelta(seconds=90), "whole minutes"),
    ("Estimation", timedelta(minutes=-5), "non-negative"),
    ("Estimation", -5, "cannot be negative"),
    ("Estimation", True, "expected a timedelta"),
    ("Estimation", 1.5, "expected a timedelta"),
    ("Estimation", 2**31, "at most 2147483647 minutes"),
    ("Estimation", "  ", "expected a timedelta"),
    ("Due Date", datetime(2024, 5, 17, tzinfo=UTC), "expected a datetime.date"),
    ("Due Date", 1715947200000, "or an ISO 8601 day such as '2025-06-01'"),
    ("Due Date", "17.05.2024", "'17.05.2024' is not a date: expected a datetime.date or an ISO"),
    ("Due Date", "2024-02-30", "is not a date"),
    ("Due Date", "2024-05-17T09:30:00Z", "has a time but a date field has none"),
    ("Deployed at", datetime(2024, 5, 17, 9, 30), "naive datetime"),
    ("Deployed at", "2024-05-17T09:30:00", "has no offset and is refused"),
    ("Deployed at", "2024-05-17 09:30", "has no offset and is refused"),
    ("Deployed at", "2024-05-17", "is not a date and time: expected an aware datetime"),
    ("Deployed at", "2024-05-17T25:00Z", "'2024-05-17T25:00Z' is not a date and time"),
    ("Deployed at", "2024-05-17T09:30+24:00", "is not a date and time"),
    ("Deployed at", "yesterday", "such as '2025-06-01T10:00:00+02:00' or '2025-06-01T08:00:00Z'"),
    ("Deployed at", True, "expected an aware datetime"),
    ("Deployed at", 253402300800000, "outside the years 1 to 9999"),
    ("Deployed at", -62135596800001, "outside the years 1 to 9999"),
    ("Story points", True, "expected an int"),
    ("Story points", 2.5, "expected an int"),
    ("Story points", "5", "expected an int"),
    ("Ratio", False, "expected a finite number"),
    ("Ratio", float("nan"), "expected a finite number"),
    ("Requester", 5, "expected a str"),
    ("Notes", 5, "expected a str"),
]


@pytest.mark.parametrize(("name", "value", "message"), REFUSED)
def test_encode_refuses_values_that_do_not_fit(
    schema: list[m.ProjectCustomField], name: str, value: Any, message: str
) -> None:
    with pytest.raises(CustomFieldError) as caught:
        encode_custom_field(by_name(schema, name), value)
    assert message in str(caught.value)
    assert f"custom field {name!r} of project SP" in str(caught.value)
    assert caught.value.field == name
    assert caught.value.project == "SP"
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, YouTrackError)


def test_encode_many_in_order_and_refuse_unknown_names(schema: list[m.ProjectCustomField]) -> None:
    encoded = encode_custom_fields(schema, {"State": "Fixed", "Assignee": "jane.doe"})
    assert [e["name"] for e in encoded] == ["State", "Assignee"]
    with pytest.raises(UnknownCustomFieldError) as caught:
        encode_custom_fields(schema, {"priority": "Major"}, project="SP")
    message = str(caught.value)
    assert "no custom field 'priority' in project SP" in message
    assert "did you mean 'Priority'?" in message
    assert "'Assignee'" in message
    assert "'Watchers'" in message
    assert caught.value.field == "priority"
    assert isinstance(caught.value, CustomFieldError)
    assert isinstance(caught.value, KeyError)


def test_schema_without_field_type_falls_back_to_its_class() -> None:
    schema = structure(
        [
            {"$type": "EnumProjectCustomField", "field": {"name": "Type"}},
            {"$type": "UserProjectCustomField", "field": {"name": "Owner"}},
            {"$type": "SimpleProjectCustomField", "field": {"name": "Points"}},
            {"$type": "SimpleProjectCustomField", "field": {"name": "When"}},
        ],
        list[m.ProjectCustomField],
    )
    encoded = encode_custom_fields(
        schema,
        {"Type": ["Bug", "Task"], "Owner": "jo", "Points": 3, "When": date(1970, 1, 2)},
    )
    assert encoded == [
        {
            "name": "Type",
            "$type": "MultiEnumIssueCustomField",
            "value": [{"name": "Bug"}, {"name": "Task"}],
        },
        {"name": "Owner", "$type": "SingleUserIssueCustomField", "value": {"login": "jo"}},
        {"name": "Points", "$type": "SimpleIssueCustomField", "value": 3},
        {"name": "When", "$type": "DateIssueCustomField", "value": 86_400_000 + 43_200_000},
    ]
    with pytest.raises(CustomFieldError, match="its type is unknown"):
        encode_custom_field(schema[2], [1])


def test_schema_without_name_or_with_an_unsupported_type_is_refused() -> None:
    with pytest.raises(CustomFieldError, match="no field name"):
        encode_custom_field(m.ProjectCustomField(), "x")
    odd = m.ProjectCustomField(
        field=m.CustomField(name="Odd", field_type=m.FieldType(id="hologram[1]"))
    )
    with pytest.raises(CustomFieldError, match="'hologram\\[1\\]' is not supported"):
        encode_custom_field(odd, "x")


# --- round trips: encode -> stored -> structured -> Issue.fields ---------------------------

ROUND_TRIPS: list[tuple[str, Any, Any]] = [
    ("Priority", "Major", "Major"),
    ("Tags", ["ui", "docs"], ["ui", "docs"]),
    ("State", "Fixed", "Fixed"),
    ("Fix versions", ["1.0", "2.0"], ["1.0", "2.0"]),
    ("Affected version", "1.0", "1.0"),
    ("Build", "43", "43"),
    ("Builds", ["42"], ["42"]),
    ("Subsystem", "Core", "Core"),
    ("Subsystems", ["Core", "UI"], ["Core", "UI"]),
    ("Estimation", timedelta(hours=1, minutes=15), timedelta(minutes=75)),
    ("Estimation", "2h 30m", timedelta(minutes=150)),
    ("Due Date", date(2024, 2, 29), date(2024, 2, 29)),
    ("Due Date", date(1969, 7, 20), date(1969, 7, 20)),
    (
        "Deployed at",
        datetime(2024, 5, 17, 9, 30, 15, 123000, tzinfo=UTC),
        datetime(2024, 5, 17, 9, 30, 15, 123000, tzinfo=UTC),
    ),
    ("Story points", 8, 8),
    ("Ratio", 0.25, 0.25),
    ("Requester", "a@example.com", "a@example.com"),
    ("Notes", "line 1\nline 2", "line 1\nline 2"),
    ("Assignee", None, None),
    ("Watchers", [], []),
    ("Subsystems", None, []),
    ("Story points", None, None),
    ("Notes", None, None),
    ("Estimation", None, None),
]


@pytest.mark.parametrize(("name", "value", "expected"), ROUND_TRIPS)
def test_round_trip(
    schema: list[m.ProjectCustomField], echo: Any, name: str, value: Any, expected: Any
) -> None:
    encoded = encode_custom_field(by_name(schema, name), value)
    issue = structure(
        {"$type": "Issue", "customFields": [echo(encoded, by_name(schema, name))]}, m.Issue
    )
    assert issue.fields == {name: expected}


@pytest.mark.parametrize(
    ("name", "value"),
    [("Assignee", "jane.doe"), ("Watchers", ["a", "b"]), ("Team", "devs"), ("Teams", ["x"])],
)
def test_round_trip_users_and_groups(
    schema: list[m.ProjectCustomField], echo: Any, name: str, value: Any
) -> None:
    encoded = encode_custom_field(by_name(schema, name), value)
    issue = structure(
        {"$type": "Issue", "customFields": [echo(encoded, by_name(schema, name))]}, m.Issue
    )
    got = issue.fields[name]
    if isinstance(value, list):
        key = "login" if name == "Watchers" else "name"
        assert [getattr(v, key) for v in got] == value
        assert all(isinstance(v, m.User if name == "Watchers" else m.UserGroup) for v in got)
    elif name == "Assignee":
        assert isinstance(got, m.User)
        assert got.login == value
    else:
        assert isinstance(got, m.UserGroup)
        assert got.name == value


def test_every_kind_round_trips_in_one_issue(schema: list[m.ProjectCustomField], echo: Any) -> None:
    values = {name: value for name, value, _ in ROUND_TRIPS if value is not None}
    encoded = encode_custom_fields(schema, values)
    stored = [echo(e, by_name(schema, e["name"])) for e in encoded]
    issue = structure({"$type": "Issue", "idReadable": "SP-1", "customFields": stored}, m.Issue)
    expected = {name: want for name, value, want in ROUND_TRIPS if value is not None}
    assert issue.fields == expected
    assert len(issue.custom_fields or []) == len(values)


# --- reading ---------------------------------------------------------------------------


def test_date_and_time_needs_the_field_type_to_become_a_datetime() -> None:
    raw = {"$type": "SimpleIssueCustomField", "name": "At", "value": 1715938200000}
    assert structure(raw, m.IssueCustomField).plain_value == 1715938200000
    typed = {
        **raw,
        "projectCustomField": {"field": {"fieldType": {"id": "date and time"}}},
    }
    assert structure(typed, m.IssueCustomField).plain_value == datetime(
        2024, 5, 17, 9, 30, tzinfo=UTC
    )


def test_a_whole_number_in_a_float_field_reads_as_a_float() -> None:
    raw = {"$type": "SimpleIssueCustomField", "name": "Ratio", "value": 2}
    assert type(structure(raw, m.IssueCustomField).plain_value) is int
    typed = {**raw, "projectCustomField": {"field": {"fieldType": {"id": "float"}}}}
    value = structure(typed, m.IssueCustomField).plain_value
    assert (type(value), value) == (float, 2.0)
    integer = {**raw, "projectCustomField": {"field": {"fieldType": {"id": "integer"}}}}
    assert type(structure(integer, m.IssueCustomField).plain_value) is int


def test_a_date_and_time_beyond_what_datetime_holds_stays_epoch_milliseconds() -> None:
    typed = {"projectCustomField": {"field": {"fieldType": {"id": "date and time"}}}}
    for ms in (253402300800000, -62135596800001, 10**18):
        field = structure(
            {"$type": "SimpleIssueCustomField", "value": ms, **typed}, m.IssueCustomField
        )
        assert field.plain_value == ms
    last = {"$type": "SimpleIssueCustomField", "value": 253402300799999, **typed}
    assert structure(last, m.IssueCustomField).plain_value == datetime.max.replace(
        tzinfo=UTC, microsecond=999000
    )


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("UserGroup", m.UserGroup),
        ("AllUsersGroup", m.AllUsersGroup),
        ("RegisteredUsersGroup", m.RegisteredUsersGroup),
        ("NestedGroup", m.NestedGroup),
        ("ProjectTeam", m.ProjectTeam),
    ],
)
def test_a_group_value_of_a_field_kind_not_known_here_is_read_as_its_group_class(
    kind: str, cls: type
) -> None:
    # Every $type the spec's UserGroup discriminator lists.
    raw = {"$type": "FutureGroupIssueCustomField", "value": {"$type": kind, "name": "SP Team"}}
    value = structure(raw, m.IssueCustomField).plain_value
    assert type(value) is cls
    assert value.name == "SP Team"


def test_custom_field_lookup() -> None:
    issue = structure(
        {
            "idReadable": "SP-8",
            "customFields": [
                {
                    "$type": "StateIssueCustomField",
                    "name": "State",
                    "value": {"$type": "StateBundleElement", "name": "Open", "isResolved": False},
                },
                {"$type": "PeriodIssueCustomField", "name": "Spent", "value": None},
            ],
        },
        m.Issue,
    )
    state = issue.custom_field("State")
    assert isinstance(state, m.StateIssueCustomField)
    assert state.value is not None
    assert state.value.is_resolved is False
    with pytest.raises(UnknownCustomFieldError) as caught:
        issue.custom_field("Priority")
    assert str(caught.value) == "no custom field 'Priority' in SP-8; it has 'Spent', 'State'"
    with pytest.raises(KeyError):
        issue.custom_field("Priority")
    with pytest.raises(CustomFieldError, match="custom fields were not fetched"):
        m.Issue(id_readable="SP-9").custom_field("State")


def test_fields_is_empty_without_custom_fields_and_skips_nameless_ones() -> None:
    assert m.Issue().fields == {}
    issue = m.Issue(custom_fields=[m.SimpleIssueCustomField(value=3)])
    assert issue.fields == {}


def test_unknown_kind_reads_as_raw_json() -> None:
    issue = structure(
        {"customFields": [{"$type": "HologramIssueCustomField", "name": "H", "value": {"x": 1}}]},
        m.Issue,
    )
    assert type(issue.custom_fields[0]) is m.IssueCustomField
    assert issue.fields == {"H": {"x": 1}}


def test_period_and_duration_values_offer_timedelta() -> None:
    assert m.PeriodValue(minutes=90).timedelta == timedelta(minutes=90)
    assert m.PeriodValue(presentation="1h").timedelta is None
    assert m.DurationValue(minutes=5).timedelta == timedelta(minutes=5)
    assert m.DurationValue().timedelta is None


@pytest.mark.parametrize("text", ["1w 2d 3h 30m", "2h", "90m", "2h30m", " 1d 4h "])
def test_period_presentations_in_youtracks_syntax_are_sent(
    schema: list[m.ProjectCustomField], text: str
) -> None:
    encoded = encode_custom_field(by_name(schema, "Estimation"), text)
    assert encoded["value"] == {"$type": "PeriodValue", "presentation": text.strip()}


@pytest.mark.parametrize("text", ["abc", "", "  ", "1x", "1h 2w", "1.5h", "3", "h"])
def test_a_period_that_is_not_youtracks_syntax_is_refused_before_sending(
    schema: list[m.ProjectCustomField], text: str
) -> None:
    with pytest.raises(CustomFieldError, match="Estimation"):
        encode_custom_field(by_name(schema, "Estimation"), text)


def test_a_name_missing_from_issue_fields_is_an_unknown_custom_field_error() -> None:
    # The guide promises it; `fields` was a plain dict, so it was a bare KeyError.
    issue = structure(
        {
            "$type": "Issue",
            "idReadable": "SP-1",
            "customFields": [
                {"$type": "SimpleIssueCustomField", "name": "Estimate", "value": 3},
                {"$type": "SingleEnumIssueCustomField", "name": "Priority", "value": None},
            ],
        },
        m.Issue,
    )
    values = issue.fields
    assert values == {"Estimate": 3, "Priority": None}
    assert values.get("Priorty") is None
    assert "Priorty" not in values
    with pytest.raises(UnknownCustomFieldError) as caught:
        values["Priorty"]
    assert str(caught.value) == "no custom field 'Priorty' in SP-1; it has 'Estimate', 'Priority'"
    assert caught.value.field == "Priorty"
    assert isinstance(caught.value, KeyError)
    with pytest.raises(UnknownCustomFieldError, match="custom fields were not fetched"):
        m.Issue(id_readable="SP-2").fields["Estimate"]
    assert json.loads(json.dumps(values)) == {"Estimate": 3, "Priority": None}
    # Pickled (any protocol) or copied, the values as a plain dict, without the issue.
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(values, protocol))
        assert again == values
        assert type(again) is dict
    assert type(copy.deepcopy(values)) is dict

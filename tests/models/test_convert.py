"""The converter: names, $type families, dates, strict scalars, errors, request bodies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aioyoutrack import models as m
from aioyoutrack._convert import structure, unstructure
from aioyoutrack.errors import InvalidRequestError, ResponseValidationError, YouTrackError

UTC = timezone.utc


# --- names and unknown keys --------------------------------------------------------------


def test_camel_case_on_the_wire_and_unknown_keys_ignored() -> None:
    issue = structure(
        {"idReadable": "SP-1", "commentsCount": 2, "brandNewAttribute": {"x": 1}, "$type": "Issue"},
        m.Issue,
    )
    assert issue == m.Issue(id_readable="SP-1", comments_count=2)


def test_declared_wire_name() -> None:
    attachment = structure({"thumbnailURL": "/t/1", "mimeType": "image/png"}, m.IssueAttachment)
    assert attachment.thumbnail_url == "/t/1"
    assert unstructure(attachment) == {"thumbnailURL": "/t/1", "mimeType": "image/png"}


# --- $type -------------------------------------------------------------------------------


def test_type_selects_the_subclass() -> None:
    value = structure(
        {"$type": "StateBundleElement", "name": "Open", "isResolved": False}, m.BundleElement
    )
    assert value == m.StateBundleElement(name="Open", is_resolved=False)


def test_unknown_or_missing_type_keeps_the_requested_class() -> None:
    future = structure(
        {"$type": "QuantumActivityItem", "id": "a-1", "timestamp": 0, "added": [{"q": 1}]},
        m.ActivityItem,
    )
    assert type(future) is m.ActivityItem
    assert future.added == [{"q": 1}]
    assert future.timestamp == datetime(1970, 1, 1, tzinfo=UTC)
    assert type(structure({"name": "x"}, m.IssueCustomField)) is m.IssueCustomField
    # A known $type outside the requested family does not escape it either.
    assert type(structure({"$type": "User", "id": "1"}, m.Project)) is m.Project
    assert type(structure({"$type": "Me"}, m.User)) is m.Me


def test_every_activity_type_structures_to_its_class() -> None:
    for cls in (
        m.CommentActivityItem,
        m.TextCustomFieldActivityItem,
        m.VisibilityUserActivityItem,
        m.IssueResolvedActivityItem,
        m.ProjectActivityItem,
    ):
        item = structure({"$type": cls.__name__, "id": "1"}, m.ActivityItem)
        assert type(item) is cls
    page = structure(
        {
            "activities": [
                {
                    "$type": "CommentActivityItem",
                    "added": [{"$type": "IssueComment", "text": "hi"}],
                    "author": {"$type": "User", "login": "jo"},
                },
                {"$type": "IssueResolvedActivityItem", "added": 1000, "removed": None},
                {
                    "$type": "CustomFieldActivityItem",
                    "added": [{"name": "Major"}],
                    "field": {"$type": "CustomFilterField", "customField": {"name": "Priority"}},
                },
            ],
            "afterCursor": "abc",
            "hasAfter": True,
        },
        m.ActivityCursorPage,
    )
    comment, resolved, field = page.activities
    assert comment.added == [m.IssueComment(text="hi")]
    assert comment.author == m.User(login="jo")
    assert resolved.added == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
    assert field.added == [m.BundleElement(name="Major")]  # no $type: the closest kind
    assert isinstance(field.field, m.CustomFilterField)
    assert page.after_cursor == "abc"
    assert page.has_after is True


# --- dates ------------------------------------------------------------------------------


def test_timestamps_are_aware_utc_datetimes() -> None:
    issue = structure({"created": 1715938200123, "resolved": None}, m.Issue)
    assert issue.created == datetime(2024, 5, 17, 9, 30, 0, 123000, tzinfo=UTC)
    assert issue.resolved is None
    assert structure({"created": -1000}, m.Issue).created == datetime(
        1969, 12, 31, 23, 59, 59, tzinfo=UTC
    )


@given(st.integers(min_value=-62_135_596_800_000 + 86_400_000, max_value=253_402_214_400_000))
def test_epoch_ms_round_trip(ms: int) -> None:
    sprint = structure({"start": ms}, m.Sprint)
    assert sprint.start is not None
    assert sprint.start.tzinfo is not None
    assert unstructure(sprint) == {"start": ms}


def test_aware_datetimes_in_any_zone_and_naive_ones_refused() -> None:
    plus2 = timezone(timedelta(hours=2))
    body = unstructure(m.Sprint(start=datetime(2024, 5, 17, 11, 30, tzinfo=plus2)))
    assert body == {"start": 1715938200000}
    with pytest.raises(InvalidRequestError, match="naive datetime"):
        unstructure(m.Sprint(start=datetime(2024, 5, 17, 11, 30)))


def test_date_fields_are_dates_at_midday_utc() -> None:
    field = structure({"$type": "DateIssueCustomField", "value": 1715947200000}, m.IssueCustomField)
    assert field == m.DateIssueCustomField(value=date(2024, 5, 17))
    assert unstructure(field) == {"value": 1715947200000, "$type": "DateIssueCustomField"}


@pytest.mark.parametrize(
    "given",
    [
        datetime(2024, 5, 17, 23, 30, tzinfo=timezone.utc),
        datetime(2024, 5, 17, 0, 30, tzinfo=timezone(timedelta(hours=9))),  # May 16 in UTC
    ],
)
def test_a_datetime_in_a_date_attribute_is_its_own_calendar_day(given: datetime) -> None:
    # As the work items' date= takes it: never an instant off midday (review: the
    # instant was sent, which a date field does not hold).
    body = unstructure(m.DateIssueCustomField(value=given))
    assert body == {"value": 1715947200000, "$type": "DateIssueCustomField"}


def test_a_naive_datetime_in_a_date_attribute_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match=r"naive datetime .* where a day is expected"):
        unstructure(m.DateIssueCustomField(value=datetime(2024, 5, 17, 23, 30)))


# --- scalars are checked ------------------------------------------------------------------

BAD = [
    ({"summary": 5}, "$.summary"),
    ({"votes": True}, "$.votes"),
    ({"votes": "5"}, "$.votes"),
    ({"votes": 1.5}, "$.votes"),
    ({"created": "2024-01-01"}, "$.created"),
    ({"project": "SP"}, "$.project"),
    ({"project": {"archived": "no"}}, "$.project.archived"),
    ({"tags": {"name": "x"}}, "$.tags"),
    ({"tags": ["x"]}, "$.tags[0]"),
    (
        {"customFields": [{"$type": "SimpleIssueCustomField", "value": True}]},
        "$.customFields[0].value",
    ),
    (
        {"customFields": [{"$type": "PeriodIssueCustomField", "value": {"minutes": "1h"}}]},
        "$.customFields[0].value.minutes",
    ),
]


@pytest.mark.parametrize(("data", "path"), BAD)
def test_values_of_the_wrong_type_are_refused_with_their_path(data: Any, path: str) -> None:
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, m.Issue)
    error = caught.value
    assert [e.rsplit(" @ ", 1)[1] for e in error.errors] == [path]
    assert error.model is m.Issue
    assert path in str(error)
    assert isinstance(error, YouTrackError)


def test_every_problem_is_listed() -> None:
    data = [{"summary": 1}, {"customFields": [{"$type": "TextIssueCustomField", "value": 3}, 7]}]
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, list[m.Issue])
    assert [e.rsplit(" @ ", 1)[1] for e in caught.value.errors] == [
        "$[0].summary",
        "$[1].customFields[0].value",
        "$[1].customFields[1]",
    ]
    assert "expected an object, got int" in caught.value.errors[2]
    assert caught.value.model == list[m.Issue]
    assert str(caught.value).startswith("response does not fit list[Issue]: ")
    assert str(caught.value).endswith("@ $[1].customFields[1]")


def test_accepted_scalars() -> None:
    assert structure({"value": 3}, m.SimpleIssueCustomField).value == 3
    assert structure({"value": 2.5}, m.SimpleIssueCustomField).value == 2.5
    assert structure({"value": "x"}, m.SimpleIssueCustomField).value == "x"

    @attrs.define
    class Numbers:
        ratio: float
        maybe: float | None = None
        flag: bool = False

    assert structure({"ratio": 1, "maybe": 2, "flag": True}, Numbers) == Numbers(1.0, 2.0, True)
    assert type(structure({"ratio": 1}, Numbers).ratio) is float
    with pytest.raises(ResponseValidationError):
        structure({"ratio": 1, "flag": "yes"}, Numbers)


def test_user_class_required_attribute_and_non_dict_top_level() -> None:
    @attrs.define
    class Needs:
        summary: str

    with pytest.raises(ResponseValidationError) as caught:
        structure({}, Needs)
    assert caught.value.errors == ["required field missing @ $.summary"]
    with pytest.raises(ResponseValidationError) as caught:
        structure("SP-1", m.Issue)
    assert caught.value.errors == ["invalid type (expected an object, got str) @ $"]
    with pytest.raises(ResponseValidationError):
        structure(None, m.Issue)


def test_sequences_and_any() -> None:
    bundle = structure({"values": [{"$type": "EnumBundleElement", "name": "a"}]}, m.BaseBundle)
    assert bundle.values == [m.EnumBundleElement(name="a")]
    assert structure([1, "x", None], list[Any]) == [1, "x", None]
    assert structure(None, m.Issue | None) is None
    assert structure([{"name": "x"}], Sequence[m.Tag]) == [m.Tag(name="x")]


# --- request bodies ------------------------------------------------------------------------


def test_unstructure_leaves_out_unset_attributes_and_tags_families() -> None:
    issue = m.Issue(
        summary="Crash",
        project=m.Project(id="0-0"),
        custom_fields=[
            m.SingleEnumIssueCustomField(name="Priority", value=m.EnumBundleElement(name="Major")),
            m.PeriodIssueCustomField(name="Estimation", value=m.PeriodValue(minutes=90)),
            m.TextIssueCustomField(name="Notes", value=m.TextFieldValue(text="x")),
        ],
    )
    assert unstructure(issue) == {
        "summary": "Crash",
        "project": {"id": "0-0", "$type": "Project"},
        "customFields": [
            {
                "name": "Priority",
                "value": {"name": "Major", "$type": "EnumBundleElement"},
                "$type": "SingleEnumIssueCustomField",
            },
            {
                "name": "Estimation",
                "value": {"minutes": 90, "$type": "PeriodValue"},
                "$type": "PeriodIssueCustomField",
            },
            {
                "name": "Notes",
                "value": {"text": "x", "$type": "TextFieldValue"},
                "$type": "TextIssueCustomField",
            },
        ],
    }
    assert unstructure(m.IssueComment(text="hi")) == {"text": "hi"}
    command = m.CommandList(
        query="for me",
        issues=[m.Issue(id_readable="SP-1")],
        visibility=m.CommandLimitedVisibility(permitted_groups=[m.UserGroup(id="3-2")]),
    )
    assert unstructure(command) == {
        "query": "for me",
        "issues": [{"idReadable": "SP-1"}],
        "visibility": {
            "permittedGroups": [{"id": "3-2", "$type": "UserGroup"}],
            "$type": "CommandLimitedVisibility",
        },
    }


def test_user_subclass_of_a_model_is_tagged_as_the_model() -> None:
    @attrs.define(kw_only=True, slots=True)
    class MyUser(m.User):
        note: str | None = None

    assert unstructure(MyUser(login="jo", note="n")) == {
        "login": "jo",
        "note": "n",
        "$type": "User",
    }


def test_round_trip_of_a_full_issue() -> None:
    issue = m.Issue(
        id="2-1",
        id_readable="SP-1",
        summary="s",
        created=datetime(2024, 1, 1, tzinfo=UTC),
        reporter=m.Me(login="me"),
        tags=[m.IssueTag(name="t")],
        custom_fields=[
            m.MultiUserIssueCustomField(name="W", value=[m.User(login="a"), m.Me(login="b")]),
            m.DateIssueCustomField(name="D", value=date(2020, 2, 29)),
            m.SimpleIssueCustomField(name="S", value=2.5),
        ],
    )
    assert structure(unstructure(issue), m.Issue) == issue


def test_containers_of_models() -> None:
    assert unstructure([m.Tag(name="a")]) == [{"name": "a", "$type": "Tag"}]
    assert structure([], list[m.Issue]) == []


def test_user_classes_mix_with_library_models() -> None:
    @attrs.define
    class Card:
        key: str = attrs.field(metadata={"aioyoutrack.wire_name": "idReadable"})
        fields: list[m.IssueCustomField] = attrs.Factory(list)
        owner: m.User | None = None

    card = structure(
        {
            "idReadable": "SP-1",
            "fields": [
                {"$type": "SingleEnumIssueCustomField", "name": "P", "value": {"name": "M"}}
            ],
            "owner": {"$type": "Me", "login": "me"},
        },
        Card,
    )
    assert card == Card(
        key="SP-1",
        fields=[m.SingleEnumIssueCustomField(name="P", value=m.EnumBundleElement(name="M"))],
        owner=m.Me(login="me"),
    )
    assert structure({"idReadable": "SP-2"}, Card) == Card(key="SP-2")
    with pytest.raises(ResponseValidationError) as caught:
        structure({"idReadable": "SP-3", "fields": [{"value": {"x": 1}}, {"name": 2}]}, Card)
    assert caught.value.errors == [
        "invalid value for type, expected str | None (expected a string, got int) "
        "@ $.fields[1].name"
    ]


@attrs.define(kw_only=True, slots=True)
class _Mention:
    id: str | None = None
    who: m.User | m.UserGroup | None = None
    targets: list[m.Issue | m.Project] | None = None


def test_a_union_of_models_is_told_apart_by_type_subclasses_included() -> None:
    mention = structure(
        {
            "id": "1",
            "who": {"$type": "ProjectTeam", "name": "SP Team"},
            "targets": [
                {"$type": "Project", "shortName": "SP"},
                {"$type": "Issue", "idReadable": "SP-1"},
            ],
        },
        _Mention,
    )
    assert mention == _Mention(
        id="1",
        who=m.ProjectTeam(name="SP Team"),
        targets=[m.Project(short_name="SP"), m.Issue(id_readable="SP-1")],
    )
    assert structure({"who": {"$type": "Me", "login": "me"}}, _Mention).who == m.Me(login="me")
    assert structure({"who": None}, _Mention) == _Mention()
    assert structure({"$type": "User", "login": "jo"}, m.User | m.UserGroup) == m.User(login="jo")


def test_a_type_naming_no_member_takes_the_member_sharing_most_keys() -> None:
    # As a family's root takes an unknown $type, a union never refuses one: a type newer
    # than the library (or none at all) becomes the member its keys fit best.
    assert structure({"who": {"login": "jo"}}, _Mention).who == m.User(login="jo")
    newer = {"$type": "HubUserGroupV2", "name": "ops", "usersCount": 3}
    assert structure({"who": newer}, _Mention).who == m.UserGroup(name="ops", users_count=3)
    old_server = {"$type": "jetbrains.charisma.persistence.user.User", "login": "di"}
    assert structure({"who": old_server}, _Mention).who == m.User(login="di")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"who": "jo"}, "expected an object, got str"),
        ({"who": {"$type": "User", "login": 5}}, "expected a string, got int"),
        ({"targets": [{"$type": "Project", "archived": "no"}]}, "expected a boolean, got str"),
    ],
)
def test_a_union_of_models_refuses_what_fits_none_of_them(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ResponseValidationError) as caught:
        structure(data, _Mention)
    assert message in str(caught.value)

"""yt.issues: create, update, delete — custom fields by name, tags, one write each."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from aioyoutrack import (
    CustomFieldError,
    InvalidRequestError,
    NotFoundError,
    ResponseValidationError,
    ServerError,
    UnknownCustomFieldError,
    User,
    UserGroup,
    YouTrack,
)
from aioyoutrack.testing import FakeYouTrack, FieldSpec

EVERY_KIND = [
    FieldSpec("Enum", "enum[1]", ("a", "b", "c")),
    FieldSpec("Enums", "enum[*]", ("x", "y", "z")),
    "State",
    FieldSpec("User", "user[1]"),
    FieldSpec("Users", "user[*]"),
    FieldSpec("Group", "group[1]"),
    FieldSpec("Groups", "group[*]"),
    FieldSpec("Version", "version[1]", ("1.0", "2.0")),
    FieldSpec("Versions", "version[*]", ("1.0", "2.0", "3.0")),
    FieldSpec("Build", "build[1]", ("100", "101")),
    FieldSpec("Builds", "build[*]", ("100", "101", "102")),
    FieldSpec("Owned", "ownedField[1]", ("core", "ui")),
    FieldSpec("Owneds", "ownedField[*]", ("core", "ui", "docs")),
    FieldSpec("Integer", "integer"),
    FieldSpec("Float", "float"),
    FieldSpec("String", "string"),
    FieldSpec("Text", "text"),
    FieldSpec("Date", "date"),
    FieldSpec("Moment", "date and time"),
    FieldSpec("Period", "period"),
]


def _plain(value: object) -> object:
    """Users and groups compare by login / name."""
    if isinstance(value, User):
        return value.login
    if isinstance(value, UserGroup):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


async def test_create_with_every_field_kind_reads_back_equal(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.add_project("ALL", "All kinds", fields=EVERY_KIND)
    for login in ("jane.doe", "john.doe"):
        fake.project("ALL").team.members[fake.user(login)] = None
    values = {
        "Enum": "b",
        "Enums": ["x", "z"],
        "State": "Open",
        "User": "jane.doe",
        "Users": ["jane.doe", "john.doe"],
        "Group": "Developers",
        "Groups": ["QA", "Managers"],
        "Version": "2.0",
        "Versions": ["1.0", "3.0"],
        "Build": "101",
        "Builds": ["100", "102"],
        "Owned": "ui",
        "Owneds": ["core", "docs"],
        "Integer": 7,
        "Float": 2.5,
        "String": "hello",
        "Text": "some *text*",
        "Date": date(2024, 5, 17),
        "Moment": datetime(2024, 5, 17, 13, 45, 10, tzinfo=timezone.utc),
        "Period": timedelta(hours=3, minutes=30),
    }
    created = await yt.issues.create("ALL", "Every kind", description="d", fields=values)
    assert created.id_readable == "ALL-1"
    assert created.description == "d"
    posts = [r for r in fake.stats.log if r.method == "POST"]
    assert [(r.path, "fields" in r.query) for r in posts] == [("api/issues", True)]
    for issue in (created, await yt.issues.get("ALL-1")):
        got = {name: _plain(value) for name, value in issue.fields.items()}
        assert got == values
    assert fake.issue("ALL-1").value_of("Enums") == ["x", "z"]


async def test_create_minimal_by_entity_id_is_one_request(yt: YouTrack, fake: FakeYouTrack) -> None:
    issue = await yt.issues.create("0-2", "Only a summary")
    assert issue.id_readable == "MOB-61"
    assert issue.fields["Priority"] == "Normal"  # the project's default
    assert [(r.method, r.path) for r in fake.stats.log] == [("POST", "api/issues")]


async def test_create_resolves_a_short_name_once(yt: YouTrack, fake: FakeYouTrack) -> None:
    first = await yt.issues.create("SP", "One", fields={"Priority": "Critical"})
    second = await yt.issues.create("sp", "Two", fields={"Type": "Task"})
    assert (first.fields["Priority"], second.fields["Type"]) == ("Critical", "Task")
    assert fake.stats.by_path["api/admin/projects/SP/customFields"] == 1
    assert fake.stats.by_path["api/issues"] == 2


async def test_bad_field_name_raises_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.projects.custom_fields("SP")
    fake.stats.reset()
    with pytest.raises(UnknownCustomFieldError, match="did you mean 'Priority'") as caught:
        await yt.issues.create("SP", "x", fields={"priority": "Critical"})
    assert caught.value.field == "priority"
    assert isinstance(caught.value, KeyError)
    assert fake.stats.requests == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Priority", "Urgent!!"),  # not in the bundle
        ("Priority", None),  # cannot be empty
        ("Priority", ["Critical", "Major"]),  # a single-value field
        ("Assignee", 42),
        ("Estimation", timedelta(seconds=30)),  # not whole minutes
        ("Due Date", datetime(2024, 1, 1, tzinfo=timezone.utc)),  # a date has no time
        ("Requester email", 3),
    ],
)
async def test_bad_field_value_raises_before_sending(
    yt: YouTrack, fake: FakeYouTrack, name: str, value: object
) -> None:
    with pytest.raises(CustomFieldError) as caught:
        await yt.issues.create("SP", "x", fields={name: value})
    assert caught.value.field == name
    assert caught.value.project == "SP"
    assert [r for r in fake.stats.log if r.method != "GET"] == []
    count = len(fake.store.issues)
    with pytest.raises(CustomFieldError):
        await yt.issues.update("SP-1", fields={name: value})
    assert [r for r in fake.stats.log if r.method != "GET"] == []
    assert len(fake.store.issues) == count


async def test_create_with_tags(yt: YouTrack, fake: FakeYouTrack) -> None:
    star = fake.tag("Star")
    deploy = fake.tag("To deploy")
    issue = await yt.issues.create("SP", "Tagged", tags=["star", deploy.id])
    assert sorted(t.name for t in issue.tags or []) == ["Star", "To deploy"]
    assert {t.id for t in issue.tags or []} == {star.id, deploy.id}
    assert fake.stats.log[-1].method == "POST"


async def test_create_body(sent: tuple[YouTrack, Any], fake: FakeYouTrack) -> None:
    yt, recorder = sent
    await yt.issues.create(
        "SP",
        "Crash",
        fields={"Priority": "Critical", "Assignee": "jane.doe", "Fix versions": ["2.0"]},
        tags=["Star"],
    )
    assert recorder.last == {
        "project": {"id": "0-0"},
        "summary": "Crash",
        "customFields": [
            {
                "name": "Priority",
                "$type": "SingleEnumIssueCustomField",
                "value": {"name": "Critical"},
            },
            {
                "name": "Assignee",
                "$type": "SingleUserIssueCustomField",
                "value": {"login": "jane.doe"},
            },
            {
                "name": "Fix versions",
                "$type": "MultiVersionIssueCustomField",
                "value": [{"name": "2.0"}],
            },
        ],
        "tags": [{"id": fake.tag("Star").id}],
    }


async def test_create_with_an_unknown_tag_sends_nothing(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(NotFoundError, match="no tag named 'no such tag'"):
        await yt.issues.create("0-0", "x", tags=["no such tag"])
    assert [r.method for r in fake.stats.log] == ["GET"]


async def test_create_argument_checks(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.issues.create("SP", "")
    with pytest.raises(InvalidRequestError):
        await yt.issues.create("SP", "x", fields=["Priority"])  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        await yt.issues.create("SP", "x", description=3)  # type: ignore[arg-type]
    assert fake.stats.requests == 0
    with pytest.raises(NotFoundError):
        await yt.issues.create("NOPE", "x")


async def test_create_is_never_resent(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.faults.add("api/issues", method="POST", status=500, when="after", times=1)
    before = len(fake.store.issues)
    with pytest.raises(ServerError) as caught:
        await yt.issues.create("0-0", "Once")
    assert caught.value.may_have_been_applied
    assert fake.stats.by_path["api/issues"] == 1
    assert len(fake.store.issues) == before + 1


async def test_a_create_whose_answer_cannot_be_read_may_have_been_applied(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    # The server created the issue, then a proxy mangled the 2xx answer.
    fake.faults.add("api/issues", method="POST", status=200, when="after", body={"id": 5}, times=1)
    before = len(fake.store.issues)
    with pytest.raises(ResponseValidationError) as caught:
        await yt.issues.create("0-0", "Once")
    assert caught.value.may_have_been_applied
    assert len(fake.store.issues) == before + 1
    fake.faults.add(
        "api/issues/*/comments", method="POST", status=200, when="after", body="", times=1
    )
    with pytest.raises(ResponseValidationError, match="empty") as caught:
        await yt.issues.comments.add("SP-1", "hello")
    assert caught.value.may_have_been_applied


async def test_a_read_whose_answer_cannot_be_read_was_not_applied(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.faults.add("api/issues/*", method="GET", status=200, body={"id": 5}, times=1)
    with pytest.raises(ResponseValidationError) as caught:
        await yt.issues.get("SP-1")
    assert not caught.value.may_have_been_applied


async def test_update_fields_summary_description(yt: YouTrack, fake: FakeYouTrack) -> None:
    updated = await yt.issues.update(
        "SP-8",
        summary="New summary",
        description="New description",
        fields={"State": "Fixed", "Estimation": timedelta(hours=2), "Assignee": None},
    )
    assert updated.summary == "New summary"
    assert updated.description == "New description"
    assert updated.fields["State"] == "Fixed"
    assert updated.fields["Estimation"] == timedelta(hours=2)
    assert updated.fields["Assignee"] is None
    assert updated.resolved is not None
    writes = [r for r in fake.stats.log if r.method != "GET"]
    assert [(r.method, r.path) for r in writes] == [("POST", "api/issues/SP-8")]
    assert fake.issue("SP-8").value_of("State") == "Fixed"


async def test_update_without_fields_is_one_request(yt: YouTrack, fake: FakeYouTrack) -> None:
    updated = await yt.issues.update("MOB-3", summary="Renamed")
    assert updated.summary == "Renamed"
    assert [(r.method, r.path) for r in fake.stats.log] == [("POST", "api/issues/MOB-3")]


async def test_update_reads_the_issue_project(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.issues.update("DEMO-2", fields={"Story points": 8})
    await yt.issues.update("DEMO-3", fields={"Labels": ["ui", "backend"]})
    assert fake.issue("DEMO-2").value_of("Story points") == 8
    assert sorted(fake.issue("DEMO-3").value_of("Labels")) == ["backend", "ui"]
    project_reads = [r for r in fake.stats.log if r.path.startswith("api/issues/DEMO-")]
    assert next((r.method, r.query.get("fields")) for r in project_reads) == (
        "GET",
        "id,project(id,name,shortName)",
    )
    assert fake.stats.by_path["api/admin/projects/0-1/customFields"] == 1


async def test_update_needs_something_to_change(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.issues.update("SP-1")
    with pytest.raises(InvalidRequestError):
        await yt.issues.update("SP-1", summary=" ")
    assert fake.stats.requests == 0


async def test_update_unknown_issue(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.issues.update("SP-99999", fields={"State": "Fixed"})


async def test_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.issues.delete("SP-5")
    assert (fake.stats.log[-1].method, fake.stats.log[-1].path) == ("DELETE", "api/issues/SP-5")
    with pytest.raises(NotFoundError):
        await yt.issues.get("SP-5")
    with pytest.raises(NotFoundError):
        await yt.issues.delete("SP-5")

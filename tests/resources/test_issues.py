"""yt.issues: search, get, get_many and count; create, update, delete (custom fields by
name, tags, one write each)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from aioyoutrack import (
    APITimeoutError,
    CustomFieldError,
    InvalidRequestError,
    Issue,
    NotFoundError,
    PermissionDeniedError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    UnknownCustomFieldError,
    User,
    UserGroup,
    YouTrack,
)
from aioyoutrack.testing import FakeYouTrack, FieldSpec

FAST_RETRY = RetryPolicy(backoff_initial=0.001, backoff_max=0.001)


async def test_search_returns_every_issue_past_42(yt: YouTrack, fake: FakeYouTrack) -> None:
    issues = await yt.issues.search("project: SP", page_size=40)
    assert len(issues) == 150
    assert [i.id_readable for i in issues] == [f"SP-{n}" for n in range(1, 151)]
    pages = [r for r in fake.stats.log if r.path == "api/issues"]
    assert sorted(int(r.query["$skip"]) for r in pages) == [0, 40, 80, 120]
    assert {r.query["$top"] for r in pages} == {"40"}
    assert {r.query["query"] for r in pages} == {"project: SP"}
    assert fake.stats.by_path["api/issuesGetter/count"] == 1


async def test_search_everything_and_fields(yt: YouTrack, fake: FakeYouTrack) -> None:
    issues = await yt.issues.search()
    assert len(issues) == len(fake.store.issues) == 300
    first = issues[0]
    assert isinstance(first, Issue)
    assert first.project is not None
    assert first.project.short_name == "SP"
    assert first.fields["State"] == fake.issue(first.id_readable or "").value_of("State")
    assert "query" not in fake.stats.log[-1].query


async def test_search_fetches_pages_concurrently(yt: YouTrack, fake: FakeYouTrack) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/issues", hold=hold)
    pager = yt.issues.search("project: SP", page_size=20, prefetch=3)

    async def collect() -> list[Issue]:
        return await pager

    task = asyncio.create_task(collect())
    await fake.stats.wait_in_flight(3)
    assert fake.stats.by_path["api/issues"] == 3
    hold.set()
    assert len(await task) == 150


async def test_search_while_the_server_is_still_counting(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.count_pending = 1
    issues = await yt.issues.search("project: DEMO", page_size=25)
    assert len(issues) == 90
    assert fake.stats.by_path["api/issuesGetter/count"] == 1


async def test_search_limit_and_first(yt: YouTrack, fake: FakeYouTrack) -> None:
    five = await yt.issues.search("project: MOB", limit=5)
    assert [i.id_readable for i in five] == [f"MOB-{n}" for n in range(1, 6)]
    # One page covers the limit: no count.
    assert fake.stats.by_path["api/issuesGetter/count"] == 0
    assert fake.stats.log[-1].query["$top"] == "5"
    first = await yt.issues.search("project: MOB").first()
    assert first is not None
    assert first.id_readable == "MOB-1"
    assert await yt.issues.search("project: NOPE-NOTHING summary: zzzz").first() is None


async def test_search_custom_fields_parameter(yt: YouTrack) -> None:
    issues = await yt.issues.search("project: SP", limit=3, custom_fields=["Priority", "State"])
    for issue in issues:
        assert sorted(issue.fields) == ["Priority", "State"]
    one = await yt.issues.search("project: SP", limit=1, custom_fields="Assignee")
    assert list(one[0].fields) == ["Assignee"]


async def test_break_leaves_nothing_running(yt: YouTrack, fake: FakeYouTrack) -> None:
    # The first page passes, every later one is held at the server until released.
    fake.faults.add("api/issues", delay=0.0, times=1)
    hold = asyncio.Event()
    fake.faults.add("api/issues", hold=hold)
    async for issue in yt.issues.search("project: SP", page_size=10, prefetch=4):
        assert issue.id_readable == "SP-1"
        await fake.stats.wait_for(lambda s: s.by_path["api/issues"] == 5)
        pages = [t for t in asyncio.all_tasks() if t.get_name().startswith("aioyoutrack page")]
        assert pages
        break
    done, pending = await asyncio.wait(pages, timeout=30)
    assert not pending
    assert all(t.cancelled() for t in done)
    assert yt.in_flight == 0
    hold.set()
    await fake.stats.wait_for(lambda s: s.in_flight == 0)
    assert fake.stats.by_path["api/issues"] == 5  # the first page + 4 ahead, no more


async def test_get_by_readable_and_database_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    issue = await yt.issues.get("SP-8")
    assert issue.id_readable == "SP-8"
    assert issue.summary == fake.issue("SP-8").summary
    assert issue.id is not None
    same = await yt.issues.get(issue.id)
    assert same.id_readable == "SP-8"
    with pytest.raises(NotFoundError):
        await yt.issues.get("SP-99999")


async def test_get_many_200_bounded_and_ordered(fake: FakeYouTrack) -> None:
    ids = [f"SP-{n}" for n in range(150, 0, -1)] + [f"DEMO-{n}" for n in range(1, 51)]
    hold = asyncio.Event()
    fake.faults.add("api/issues/*", hold=hold, times=8)
    async with YouTrack(fake.url, token=fake.token, max_concurrency=8) as yt:
        task = asyncio.create_task(yt.issues.get_many(ids))
        await fake.stats.wait_in_flight(8)
        hold.set()
        issues = await task
    assert [i.id_readable for i in issues] == ids
    assert fake.stats.max_in_flight == 8
    # One issue per id, plus one project's schema (the project and its custom fields),
    # read once to tell its date-and-time values from integers.
    assert fake.stats.requests == 200 + 2


async def test_get_many_missing_modes(yt: YouTrack) -> None:
    ids = ["SP-1", "SP-9999", "SP-2", "SP-1"]
    with pytest.raises(NotFoundError):
        await yt.issues.get_many(ids)
    with_none = await yt.issues.get_many(ids, missing="none")
    assert [i and i.id_readable for i in with_none] == ["SP-1", None, "SP-2", "SP-1"]
    skipped = await yt.issues.get_many(ids, missing="skip")
    assert [i.id_readable for i in skipped] == ["SP-1", "SP-2", "SP-1"]


async def test_get_many_fetches_a_repeated_id_once(yt: YouTrack, fake: FakeYouTrack) -> None:
    issues = await yt.issues.get_many(["SP-3", "SP-3", "sp-4"])
    assert [i.id_readable for i in issues] == ["SP-3", "SP-3", "SP-4"]
    assert fake.stats.requests == 2


async def test_get_many_other_errors_propagate(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.faults.add("api/issues/SP-2", status=403)
    with pytest.raises(PermissionDeniedError):
        await yt.issues.get_many(["SP-1", "SP-2"], missing="skip")


async def test_get_many_bad_arguments(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.issues.get_many(["SP-1"], missing="ignore")  # type: ignore[call-overload]
    with pytest.raises(InvalidRequestError):
        await yt.issues.get_many("SP-1")
    with pytest.raises(InvalidRequestError):
        await yt.issues.get_many(["SP-1", ""])
    assert fake.stats.requests == 0


async def test_count(yt: YouTrack, fake: FakeYouTrack) -> None:
    assert await yt.issues.count("project: DEMO") == 90
    assert await yt.issues.count() == 300
    record = fake.stats.log[-1]
    assert (record.method, record.path) == ("POST", "api/issuesGetter/count")


async def test_count_polls_while_the_server_answers_minus_one(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.count_pending = 2
    assert await yt.issues.count("project: MOB", poll_interval=0.001) == 60
    assert fake.stats.by_path["api/issuesGetter/count"] == 3


async def test_count_gives_up_at_the_deadline(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.count_pending = 10**9
    with pytest.raises(APITimeoutError, match="still counting"):
        await yt.issues.count("project: MOB", deadline=0.05, poll_interval=0.001)
    assert yt.in_flight == 0


@pytest.mark.parametrize("count", [-5, -2, True, "3", None, 1.5])
async def test_a_count_that_is_no_count_is_refused_at_once(
    yt: YouTrack, fake: FakeYouTrack, count: object
) -> None:
    # A negative count other than -1 was polled until the deadline (hostile review).
    fake.faults.add("api/issuesGetter/count", body={"count": count, "$type": "IssueCountResponse"})
    with pytest.raises((UnexpectedResponseError, ResponseValidationError), match="count"):
        await yt.issues.count("project: MOB", deadline=60, poll_interval=30)
    assert fake.stats.by_path["api/issuesGetter/count"] == 1


async def test_count_is_retried_as_a_read(fake: FakeYouTrack) -> None:
    fake.faults.add("api/issuesGetter/count", status=500, times=1)
    async with YouTrack(fake.url, token=fake.token, retry=FAST_RETRY) as yt:
        assert await yt.issues.count("project: SP") == 150
    assert fake.stats.by_path["api/issuesGetter/count"] == 2


async def test_count_bad_arguments(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.issues.count(deadline=0)
    with pytest.raises(InvalidRequestError):
        await yt.issues.count(poll_interval=-1)
    with pytest.raises(InvalidRequestError):
        await yt.issues.count(42)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


async def test_cancelling_get_many_cancels_every_fetch(yt: YouTrack, fake: FakeYouTrack) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/issues/*", hold=hold)
    task = asyncio.create_task(yt.issues.get_many([f"SP-{n}" for n in range(1, 41)]))
    await fake.stats.wait_in_flight(yt.max_concurrency)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert yt.in_flight == 0
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("aioyoutrack")]
    hold.set()
    await fake.stats.wait_for(lambda s: s.in_flight == 0)
    assert fake.stats.requests == yt.max_concurrency


async def test_search_page_that_does_not_fit_raises_validation_error(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    # Pages are built when the consumer reaches them: the error is still typed, with
    # the request it came from.
    fake.faults.add("api/issues", method="GET", body=[{"id": 7, "$type": "Issue"}], times=1)
    with pytest.raises(ResponseValidationError) as caught:
        await yt.issues.search("project: SP")
    assert caught.value.method == "GET"
    assert caught.value.url is not None
    assert "/api/issues?" in caught.value.url
    assert "$[0].id" in str(caught.value)


async def test_search_page_that_is_not_json_raises_unexpected_response(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.faults.add(
        "api/issues", method="GET", body="<html></html>", content_type="text/html", times=1
    )
    with pytest.raises(UnexpectedResponseError, match="expected JSON but got text/html"):
        await yt.issues.search("project: SP")


# --- writes ---------------------------------------------------------------------------

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

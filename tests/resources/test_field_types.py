"""Date-and-time custom fields are told from integers by the project's schema.

The default ``Issue`` projection does not ask for each custom field's type; the
resources that return issues read the project's schema (once per client) when an issue
holds an integer in a simple field, and only then: a step of their own after the
response is built (``yt.request`` takes none).
"""

from __future__ import annotations

import datetime as dt

import attrs

from aioyoutrack import RetryPolicy, YouTrack
from aioyoutrack.models import Issue, IssueCustomField, Project, SimpleIssueCustomField
from aioyoutrack.resources._field_types import type_dates
from aioyoutrack.testing import FakeYouTrack

UTC = dt.timezone.utc


def _schema_requests(fake: FakeYouTrack) -> int:
    return sum(n for path, n in fake.stats.by_path.items() if path.startswith("api/admin/"))


async def _demo_with_both(yt: YouTrack) -> str:
    """A DEMO issue with an integer and a date-and-time value."""
    created = await yt.issues.create(
        "DEMO",
        summary="typed",
        fields={"Story points": 8, "Reviewed at": dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)},
    )
    assert created.id_readable is not None
    return created.id_readable


async def test_get_types_date_and_time_and_keeps_integers(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as writer:
        issue_id = await _demo_with_both(writer)
    async with YouTrack(fake.url, token=fake.token) as yt:
        fake.stats.reset()
        issue = await yt.issues.get(issue_id)
        values = issue.fields
        assert values["Reviewed at"] == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
        assert values["Story points"] == 8
        assert type(values["Story points"]) is int
        field = issue.custom_field("Reviewed at")
        assert isinstance(field, SimpleIssueCustomField)
        assert field.field_type == "date and time"
        assert issue.custom_field("Story points").field_type == "integer"
        first = _schema_requests(fake)
        assert first == 2  # the project and its custom fields
        # The schema is cached per client: no more schema requests.
        again = await yt.issues.get_many([issue_id, issue_id, "DEMO-1", "DEMO-2"])
        assert again[0].fields["Reviewed at"] == values["Reviewed at"]
        page = await yt.issues.search("project: DEMO")
        assert any(i.id_readable == issue_id for i in page)
        for found in page:
            for cf in found.custom_fields or ():
                if cf.name == "Reviewed at" and cf.value is not None:
                    assert isinstance(cf.plain_value, dt.datetime)
        assert _schema_requests(fake) == first


async def test_pages_without_integers_cost_no_schema_request() -> None:
    async with (
        FakeYouTrack(seed="bulk:150") as fake,
        YouTrack(fake.url, token=fake.token) as yt,
    ):
        issues = await yt.issues.search()
        assert len(issues) == 150
        assert _schema_requests(fake) == 0
        assert all(cf.project_custom_field is None for i in issues for cf in i.custom_fields or ())


async def test_unreadable_schema_leaves_epoch_ms(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as writer:
        issue_id = await _demo_with_both(writer)
    fake.faults.add("api/admin/projects/*", status=403, body={"error": "Forbidden"})
    async with YouTrack(fake.url, token=fake.token) as yt:
        issue = await yt.issues.get(issue_id)
        assert issue.fields["Reviewed at"] == 1714566600000
        assert issue.fields["Story points"] == 8
        refused = _schema_requests(fake)
        assert refused >= 1
        # A refusal is remembered: the next issues do not ask again.
        await yt.issues.get_many([issue_id, "DEMO-1", "DEMO-2"])
        assert _schema_requests(fake) == refused


async def test_a_passing_failure_is_retried_with_the_next_issues(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as writer:
        issue_id = await _demo_with_both(writer)
    fake.faults.add("api/admin/projects/*", status=500, times=10)
    async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
        first = await yt.issues.get(issue_id)
        assert first.fields["Reviewed at"] == 1714566600000
        fake.faults.clear()
        again = await yt.issues.get(issue_id)
        assert again.fields["Reviewed at"] == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


@attrs.define(kw_only=True, slots=True)
class View:
    """A caller's issue view: typed like ``Issue`` (it has a project and custom fields)."""

    id_readable: str | None = None
    project: Project | None = None
    custom_fields: list[IssueCustomField] | None = None


async def test_user_model_and_plain_structure(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    view = await yt.issues.get(issue_id, model=View)
    (reviewed,) = [cf for cf in view.custom_fields or () if cf.name == "Reviewed at"]
    assert reviewed.plain_value == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    typed = await yt.issues.get(issue_id)
    assert typed.fields["Reviewed at"] == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    # The typing is the issues resource's own step: the client's request takes none.
    raw = await yt.request("GET", f"api/issues/{issue_id}", model=Issue)
    assert raw.fields["Reviewed at"] == 1714566600000
    await type_dates(yt, raw, Issue)
    assert raw.fields["Reviewed at"] == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    # Without the project in the response there is nothing to look the type up in.
    bare = await yt.request(
        "GET",
        f"api/issues/{issue_id}",
        params={"fields": "idReadable,customFields($type,name,value)"},
        model=Issue,
    )
    await type_dates(yt, bare, Issue)
    assert bare.fields["Reviewed at"] == 1714566600000


async def test_issue_custom_fields_list_and_set_are_typed(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    fields = {cf.name: cf for cf in await yt.issues.custom_fields.list(issue_id)}
    assert fields["Reviewed at"].plain_value == dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert fields["Story points"].plain_value == 8
    when = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    field = await yt.issues.custom_fields.set(issue_id, "Reviewed at", when)
    assert field.plain_value == when
    points = await yt.issues.custom_fields.set(issue_id, "Story points", 5)
    assert points.plain_value == 5


async def test_callers_waiting_on_a_failing_schema_share_its_error(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as writer:
        ids = [await _demo_with_both(writer) for _ in range(6)]
    fake.faults.add("api/admin/projects/*", status=500)
    async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
        issues = await yt.issues.get_many(ids)
    assert all(i.fields["Reviewed at"] == 1714566600000 for i in issues)
    # Callers that waited for a failing read share its error; only calls arriving after
    # it try again. Without the sharing each of the six would read (12 requests).
    assert _schema_requests(fake) < 2 * len(ids)


async def test_typed_fields_are_not_shared_between_issues(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        first_id = await _demo_with_both(yt)
        second_id = await _demo_with_both(yt)
        first, second = await yt.issues.get_many([first_id, second_id])
    a = first.custom_field("Reviewed at").project_custom_field
    b = second.custom_field("Reviewed at").project_custom_field
    assert a is not None
    assert b is not None
    assert a == b
    assert a is not b


async def test_every_resource_returning_issues_takes_the_typing_step(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    await yt.tags.create("typed-dates")
    await yt.issues.tags.add(issue_id, "typed-dates")
    expected = dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    (searched,) = await yt.issues.search(f"issue id: {issue_id}")
    (tagged,) = await yt.tags.issues("typed-dates")
    updated = await yt.issues.update(issue_id, summary="still typed")
    for issue in (searched, tagged, updated):
        assert issue.fields["Reviewed at"] == expected


# Every other listing or write that returns issues takes the same step: each of these
# structures the issue with epoch ms when the step is missing.

REVIEWED = dt.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def _reviewed(issue: Issue) -> object:
    return issue.fields["Reviewed at"]


async def test_linked_issues_are_typed(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    target = await yt.issues.links.add("DEMO-1", "relates to", issue_id)
    assert _reviewed(target) == REVIEWED
    linked = await yt.issues.links.issues("DEMO-1", "relates to")
    (found,) = [i for i in linked if i.id_readable == issue_id]
    assert _reviewed(found) == REVIEWED


async def test_saved_query_issues_are_typed(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    saved = await yt.saved_queries.create("typed dates", f"issue id: {issue_id}")
    assert saved.id is not None
    found = [i for i in await yt.saved_queries.issues(saved.id) if i.id_readable == issue_id]
    assert len(found) == 1
    assert _reviewed(found[0]) == REVIEWED
    # The page is built when reached and typed then: pages() takes the same step.
    async for page in yt.saved_queries.issues("typed dates").pages():
        assert [_reviewed(i) for i in page if i.id_readable == issue_id] == [REVIEWED]


async def test_project_admin_issues_are_typed(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    got = await yt.admin.projects.issues.get("DEMO", issue_id)
    assert _reviewed(got) == REVIEWED
    listed = [i for i in await yt.admin.projects.issues.list("DEMO") if i.id_readable == issue_id]
    assert [_reviewed(i) for i in listed] == [REVIEWED]
    updated = await yt.admin.projects.issues.update("DEMO", issue_id, body={"summary": "moved"})
    assert updated.summary == "moved"
    assert _reviewed(updated) == REVIEWED
    dated = {"$type": "SimpleIssueCustomField", "name": "Reviewed at", "value": 1714566600000}
    body = {"summary": "admin made", "customFields": [dated]}
    created = await yt.admin.projects.issues.create("DEMO", body=body)
    assert _reviewed(created) == REVIEWED


async def test_sprint_issues_are_typed(yt: YouTrack) -> None:
    issue_id = await _demo_with_both(yt)
    board = next(b for b in await yt.agiles.list() if b.id)
    assert board.id is not None
    sprint = await yt.agiles.sprints.create(board.id, "dated", issues=[issue_id])
    assert sprint.id is not None
    found = [i for i in await yt.agiles.sprints.issues(board.id, sprint.id) if i.id_readable]
    assert [_reviewed(i) for i in found if i.id_readable == issue_id] == [REVIEWED]

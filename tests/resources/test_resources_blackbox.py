"""Black-box (public API only): Pager, users, projects, issues, custom fields, comments,
tags, commands.

Written for issue #5.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from aiohttp import web

from aioyoutrack import (
    CommandList,
    CustomFieldError,
    IssueComment,
    LimitedVisibility,
    NotFoundError,
    Pager,
    Tag,
    User,
    UserGroup,
    YouTrack,
    fields_for,
)
from aioyoutrack.errors import APITimeoutError, InvalidRequestError, UnknownCustomFieldError
from aioyoutrack.testing import FakeYouTrack

UTC = dt.timezone.utc


def _log(fake: FakeYouTrack, method: str | None = None, path: str | None = None) -> list[Any]:
    return [
        r
        for r in fake.stats.log
        if (method is None or r.method == method) and (path is None or r.path == path)
    ]


# ---------------------------------------------------------------- 1. Pager


async def test_search_over_42_returns_all_and_always_sends_top(
    fake: FakeYouTrack, yt: YouTrack
) -> None:
    issues = await yt.issues.search("project: SP")
    assert len(issues) == 150
    assert len({i.id_readable for i in issues}) == 150
    assert [i.id_readable for i in issues][:3] == ["SP-1", "SP-2", "SP-3"]
    pages = _log(fake, "GET", "api/issues")
    assert pages
    assert all("$top" in r.query for r in pages)


@pytest.mark.parametrize(
    "call",
    [
        lambda yt: yt.users.list(),
        lambda yt: yt.projects.list(),
        lambda yt: yt.tags.list(),
        lambda yt: yt.issues.comments.list("SP-1"),
        lambda yt: yt.issues.custom_fields.list("SP-1"),
        lambda yt: yt.issues.tags.list("SP-1"),
    ],
)
async def test_every_collection_sends_top(fake: FakeYouTrack, yt: YouTrack, call: Any) -> None:
    pager = call(yt)
    assert isinstance(pager, Pager)
    fake.stats.reset()
    await pager
    gets = _log(fake, "GET")
    assert gets
    assert all("$top" in r.query for r in gets), [r.query for r in gets]
    assert all("fields" in r.query for r in gets)


async def test_pager_limit_page_size_first_and_pages(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.stats.reset()
    got = await yt.issues.search("project: SP", page_size=7, limit=20)
    assert [i.id_readable for i in got] == [f"SP-{n}" for n in range(1, 21)]
    tops = [int(r.query["$top"]) for r in _log(fake, "GET", "api/issues")]
    assert max(tops) <= 7
    assert sum(tops) == 20
    fake.stats.reset()
    first = await yt.issues.search("project: MOB").first()
    assert first is not None
    assert first.id_readable == "MOB-1"
    assert [r.query.get("$top") for r in _log(fake, "GET", "api/issues")] == ["1"]
    assert await yt.issues.search("project: SP summary: zzzzzzzz-nothing").first() is None
    sizes = [len(page) async for page in yt.issues.search("project: SP", page_size=50).pages()]
    assert sizes == [50, 50, 50]


async def test_default_page_size_is_100(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.stats.reset()
    await yt.users.list()
    assert _log(fake, "GET", "api/users")[0].query["$top"] == "100"


async def test_pager_stops_on_a_short_page() -> None:
    calls: list[tuple[int, int]] = []

    async def fetch(skip: int, top: int) -> list[int]:
        calls.append((skip, top))
        return list(range(25))[skip : skip + top]

    assert await Pager(fetch, page_size=10) == list(range(25))
    assert calls == [(0, 10), (10, 10), (20, 10)]


async def test_pager_known_total_does_not_lose_items_added_after_counting() -> None:
    """Issue #5 point 1: the pager "stops on a short page", and DESIGN promises every list
    complete. With a count taken before items were added (here 20, really 25) and a total
    that is an exact multiple of page_size, the last page came back FULL, yet paging stops
    and 5 items are silently lost."""

    async def fetch(skip: int, top: int) -> list[int]:
        return list(range(25))[skip : skip + top]

    assert await Pager(fetch, page_size=10, total=20, prefetch=2) == list(range(25))


async def test_search_with_stale_count_returns_every_issue(
    fake: FakeYouTrack, yt: YouTrack
) -> None:
    """The same through the public search: the count (taken alongside the first page) says
    100 while the project has 150 issues (50 created meanwhile)."""
    fake.faults.add(
        "api/issuesGetter/count", method="POST", body={"count": 100, "$type": "IssueCountResponse"}
    )
    got = await yt.issues.search("project: SP", page_size=50)
    assert len(got) == 150


async def test_pager_prefetch_is_bounded_and_ordered() -> None:
    active = 0
    peak = 0
    gate = asyncio.Event()

    async def fetch(skip: int, top: int) -> list[int]:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        try:
            if skip:
                await gate.wait()
            return list(range(skip, min(skip + top, 95)))
        finally:
            active -= 1

    pager = Pager(fetch, page_size=10, total=95, prefetch=3)
    task = asyncio.ensure_future(_collect(pager))
    for _ in range(20):
        await asyncio.sleep(0)
    assert peak <= 3
    gate.set()
    assert await task == list(range(95))
    assert peak == 3


async def _collect(pager: Pager[Any]) -> list[Any]:
    return [x async for x in pager]


async def test_break_cancels_pages_in_flight() -> None:
    cancelled: list[int] = []
    started: list[int] = []
    gate = asyncio.Event()

    async def fetch(skip: int, top: int) -> list[int]:
        started.append(skip)
        if skip == 0:
            return list(range(top))
        try:
            await gate.wait()
        except asyncio.CancelledError:
            cancelled.append(skip)
            raise
        return list(range(skip, skip + top))

    async def consume() -> None:
        async for x in Pager(fetch, page_size=10, total=100, prefetch=4):
            if x == 3:
                break

    await consume()
    for _ in range(10):
        if len(cancelled) == len(started) - 1:
            break
        await asyncio.sleep(0)
    assert sorted(cancelled) == sorted(s for s in started if s)
    gate.set()


async def test_break_out_of_search_leaves_nothing_running(fake: FakeYouTrack, yt: YouTrack) -> None:
    async def consume() -> None:
        n = 0
        async for _ in yt.issues.search(None, page_size=10):
            n += 1
            if n == 3:
                break

    await consume()
    for _ in range(20):
        if yt.in_flight == 0:
            break
        await asyncio.sleep(0)
    assert yt.in_flight == 0
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for _ in range(20):
        leftovers = [t for t in leftovers if not t.done()]
        if not leftovers:
            break
        await asyncio.sleep(0)
    assert [t for t in leftovers if "aioyoutrack" in repr(t.get_coro())] == []


# ---------------------------------------------------------------- 2. users


async def test_users(yt: YouTrack) -> None:
    me = await yt.users.me()
    assert me.login == "root"
    jane = await yt.users.get("jane.doe")
    assert jane.login == "jane.doe"
    assert jane.id
    assert (await yt.users.get(jane.id)).login == "jane.doe"
    logins = {u.login for u in await yt.users.list()}
    assert {"root", "jane.doe", "john.doe"} <= logins
    assert len(logins) >= 10
    with pytest.raises(NotFoundError):
        await yt.users.get("no.such.user")


async def test_users_list_query(yt: YouTrack) -> None:
    found = await yt.users.list("jane")
    assert "jane.doe" in {u.login for u in found}


# ---------------------------------------------------------------- 3. projects


async def test_projects(fake: FakeYouTrack, yt: YouTrack) -> None:
    names = {p.short_name for p in await yt.projects.list()}
    assert {"SP", "DEMO", "MOB"} <= names
    sp = await yt.projects.get("SP")
    assert sp.name == "Sample Project"
    assert sp.id == "0-0"
    assert (await yt.projects.get("0-0")).short_name == "SP"
    got = await yt.projects.get_many(["MOB", "0-0", "DEMO", "SP"])
    assert [p.short_name for p in got] == ["MOB", "SP", "DEMO", "SP"]
    with pytest.raises(NotFoundError):
        await yt.projects.get_many(["SP", "NOPE"])


async def test_project_schema_cached_and_refreshable(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.stats.reset()
    first, _ = await asyncio.gather(
        yt.projects.custom_fields("SP"), yt.projects.custom_fields("SP")
    )
    assert {f.field.name for f in first} >= {"Priority", "State", "Assignee"}
    again = await yt.projects.custom_fields("0-0")
    schema_gets = [r for r in fake.stats.log if r.path.endswith("/customFields")]
    assert len(schema_gets) == 1
    assert [f.field.name for f in again] == [f.field.name for f in first]
    await yt.projects.custom_fields("SP", refresh=True)
    assert len([r for r in fake.stats.log if r.path.endswith("/customFields")]) == 2


async def test_project_schema_refresh_sees_new_field(fake: FakeYouTrack, yt: YouTrack) -> None:
    from aioyoutrack.testing import FieldSpec

    await yt.projects.custom_fields("SP")
    fake.add_field("SP", FieldSpec(name="Severity", type="enum[1]", values=("Low", "High")))
    with pytest.raises(UnknownCustomFieldError):
        await yt.issues.create("SP", "x", fields={"Severity": "Low"})
    await yt.projects.custom_fields("SP", refresh=True)
    issue = await yt.issues.create("SP", "x", fields={"Severity": "Low"})
    assert issue.fields["Severity"] == "Low"


# ---------------------------------------------------------------- 4. issues


async def test_get_many_200_keeps_order_and_never_exceeds_8(acc: SimpleNamespace) -> None:
    hold = asyncio.Event()
    async with FakeYouTrack(seed="demo") as fake:
        fake.faults.add("api/issues/*", method="GET", hold=hold)
        async with YouTrack(fake.url, fake.token, max_concurrency=8) as yt:
            ids = [f"SP-{n}" for n in range(150, 0, -1)] + [f"MOB-{n}" for n in range(1, 51)]
            task = asyncio.ensure_future(yt.issues.get_many(ids))
            await fake.stats.wait_in_flight(8, timeout=10)
            for _ in range(5):
                await asyncio.sleep(0)
            assert fake.stats.in_flight == 8
            hold.set()
            got = await task
        assert [i.id_readable for i in got] == ids
        assert fake.stats.max_in_flight == 8
        assert fake.stats.requests == 200


async def test_get_many_missing_modes(fake: FakeYouTrack, yt: YouTrack) -> None:
    ids = ["SP-1", "SP-99999", "MOB-2", "NOPE-1", "2-0"]
    with pytest.raises(NotFoundError):
        await yt.issues.get_many(ids)
    got = await yt.issues.get_many(ids, missing="none")
    assert [i.id_readable if i else None for i in got] == ["SP-1", None, "MOB-2", None, "SP-1"]
    got = await yt.issues.get_many(ids, missing="skip")
    assert [i.id_readable for i in got] == ["SP-1", "MOB-2", "SP-1"]
    with pytest.raises(InvalidRequestError):
        await yt.issues.get_many(ids, missing="ignore")  # type: ignore[arg-type]
    assert await yt.issues.get_many([]) == []


async def test_get_many_repeated_id_fetched_once(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.stats.reset()
    got = await yt.issues.get_many(["SP-3", "SP-3", "SP-4"])
    assert [i.id_readable for i in got] == ["SP-3", "SP-3", "SP-4"]
    assert fake.stats.requests == 2


async def test_count_polls_while_minus_one(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.count_pending = 3
    fake.stats.reset()
    assert await yt.issues.count("project: SP", poll_interval=0.001) == 150
    assert len(_log(fake, "POST", "api/issuesGetter/count")) == 4
    fake.count_pending = 10**6
    with pytest.raises(APITimeoutError):
        await yt.issues.count("project: SP", poll_interval=0.001, deadline=0.05)
    fake.count_pending = 0
    assert await yt.issues.count() == 300


async def test_search_while_count_is_minus_one_still_complete(
    fake: FakeYouTrack, yt: YouTrack
) -> None:
    fake.count_pending = 10**6
    got = await yt.issues.search("project: SP", page_size=40)
    assert len(got) == 150
    fake.count_pending = 0


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("project: MOB", lambda i: i.project.short_name == "MOB"),
        ("#Unresolved", lambda i: i.resolved is None),
        ("#Resolved", lambda i: i.resolved is not None),
        (
            "for: jane.doe",
            lambda i: (
                i.fields.get("Assignee") is not None and i.fields["Assignee"].login == "jane.doe"
            ),
        ),
        ("Priority: Critical", lambda i: i.fields["Priority"] == "Critical"),
        ("tag: Star", lambda i: "Star" in [t.name for t in i.tags]),
    ],
)
async def test_search_queries(yt: YouTrack, query: str, check: Any) -> None:
    got = await yt.issues.search(query)
    assert got
    assert all(check(i) for i in got)
    assert len(got) == await yt.issues.count(query)


async def test_search_custom_fields_filter(fake: FakeYouTrack, yt: YouTrack) -> None:
    got = await yt.issues.search("project: SP", limit=3, custom_fields=["Priority", "State"])
    assert all(set(i.fields) == {"Priority", "State"} for i in got)


ALL_KINDS = {
    "SP": {
        "Priority": "Critical",
        "Type": "Bug",
        "State": "Fixed",
        "Assignee": "jane.doe",
        "Subsystem": "Backend",
        "Fix versions": ["2.0", "1.0"],
        "Affected versions": [],
        "Fixed in build": None,
        "Estimation": dt.timedelta(hours=2, minutes=30),
        "Due Date": dt.date(2024, 3, 1),
        "Requester email": "a@b.example",
        "Release notes": "multi\nline ✓",
    },
    "DEMO": {
        "Reviewers": ["jane.doe", "john.doe"],
        "Team": "Developers",
        "Labels": ["backend", "ui"],
        "Story points": 5,
        "Complexity": 2.25,
        "Reviewed at": dt.datetime(2024, 5, 1, 12, 30, 15, 123000, tzinfo=UTC),
        "Target version": "2024.2",
        "Spent time": dt.timedelta(minutes=75),
    },
    "MOB": {
        "Platforms": ["Android", "iOS"],
        "Builds": ["5001"],
        "Notify groups": ["Developers", "QA"],
        "Estimation": dt.timedelta(days=1),
        "Due Date": dt.date(2025, 12, 31),
    },
}


def _plain(value: Any) -> Any:
    if isinstance(value, User):
        return value.login
    if isinstance(value, UserGroup):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("project", sorted(ALL_KINDS))
async def test_create_with_every_field_kind_reads_back_equal(
    fake: FakeYouTrack, yt: YouTrack, project: str
) -> None:
    fields = ALL_KINDS[project]
    await yt.projects.custom_fields(project)
    fake.stats.reset()
    created = await yt.issues.create(project, "every kind", description="d", fields=fields)
    assert [(r.method, r.path) for r in fake.stats.log] == [("POST", "api/issues")]
    again = await yt.issues.get(created.id_readable)
    for name, value in fields.items():
        assert _plain(created.fields[name]) == value, name
        assert _plain(again.fields[name]) == value, name
    assert again.summary == "every kind"
    assert again.description == "d"


async def test_update_returns_the_issue_as_it_now_is(fake: FakeYouTrack, yt: YouTrack) -> None:
    issue = await yt.issues.update(
        "SP-5",
        summary="new summary",
        fields={"Priority": "Minor", "Assignee": None, "Estimation": "3h", "Fix versions": ["1.1"]},
    )
    assert issue.summary == "new summary"
    assert issue.fields["Priority"] == "Minor"
    assert issue.fields["Assignee"] is None
    assert issue.fields["Estimation"] == dt.timedelta(hours=3)
    assert issue.fields["Fix versions"] == ["1.1"]
    assert (await yt.issues.get("SP-5")).fields == issue.fields
    posts = _log(fake, "POST", "api/issues/SP-5")
    assert len(posts) == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"Prioritty": "Major"}, UnknownCustomFieldError),
        ({"Priority": "Urgent!!"}, CustomFieldError),
        ({"Priority": None}, CustomFieldError),
        ({"Priority": ["Major", "Minor"]}, CustomFieldError),
        ({"Fix versions": ["9.9"]}, CustomFieldError),
        ({"Due Date": "01/01/2024"}, CustomFieldError),  # not ISO 8601 ("2024-01-01" is taken)
        ({"Estimation": dt.timedelta(seconds=30)}, CustomFieldError),
        ({"Requester email": 42}, CustomFieldError),
        ({"Assignee": 42}, CustomFieldError),
        ({"Estimation": "garbage"}, CustomFieldError),
    ],
)
async def test_bad_field_name_or_value_raises_before_sending(
    fake: FakeYouTrack, yt: YouTrack, fields: dict[str, Any], error: type[Exception]
) -> None:
    await yt.projects.custom_fields("SP")
    await yt.issues.get("SP-1")
    fake.stats.reset()
    with pytest.raises(error) as info:
        await yt.issues.create("SP", "never sent", fields=fields)
    assert next(iter(fields)) in str(info.value) or "Priority" in str(info.value)
    assert _log(fake, "POST") == []
    with pytest.raises(error):
        await yt.issues.update("SP-1", fields=fields)
    assert _log(fake, "POST") == []


async def test_delete_issue(fake: FakeYouTrack, yt: YouTrack) -> None:
    created = await yt.issues.create("MOB", "to delete")
    assert await yt.issues.delete(created.id_readable) is None
    with pytest.raises(NotFoundError):
        await yt.issues.get(created.id_readable)


async def test_create_with_tags_and_by_project_id(yt: YouTrack) -> None:
    tag = (await yt.tags.list()).pop()
    issue = await yt.issues.create("0-1", "tagged", tags=["Star", tag])
    assert issue.project.short_name == "DEMO"
    assert {t.name for t in issue.tags} == {"Star", tag.name}


# ---------------------------------------------------------------- 5. issue custom fields


async def test_issue_custom_fields_list_and_set(fake: FakeYouTrack, yt: YouTrack) -> None:
    fields = await yt.issues.custom_fields.list("SP-2")
    assert {f.name for f in fields} >= {"Priority", "State"}
    state = await yt.issues.custom_fields.set("SP-2", "State", "Fixed")
    assert state.name == "State"
    assert (await yt.issues.get("SP-2")).fields["State"] == "Fixed"
    fake.stats.reset()
    with pytest.raises(CustomFieldError):
        await yt.issues.custom_fields.set("SP-2", "State", "Bogus")
    assert _log(fake, "POST") == []
    await yt.issues.custom_fields.set("SP-2", "Estimation", None)
    assert (await yt.issues.get("SP-2")).fields["Estimation"] is None


# ---------------------------------------------------------------- 6. comments


async def test_comments_lifecycle(yt: YouTrack) -> None:
    added = await yt.issues.comments.add("SP-7", "first ✓")
    assert isinstance(added, IssueComment)
    assert added.id
    assert added.text == "first ✓"
    assert added.author is not None
    assert added.author.login == "root"
    updated = await yt.issues.comments.update("SP-7", added.id, "edited")
    assert updated.text == "edited"
    texts = [c.text for c in await yt.issues.comments.list("SP-7")]
    assert texts[-1] == "edited"
    assert await yt.issues.comments.delete("SP-7", added.id) is None
    assert "edited" not in [c.text for c in await yt.issues.comments.list("SP-7")]


async def test_comment_visibility(fake: FakeYouTrack, yt: YouTrack) -> None:
    group = UserGroup(id="3-1")
    added = await yt.issues.comments.add(
        "SP-7", "secret", visibility=LimitedVisibility(permitted_groups=[group])
    )
    assert isinstance(added.visibility, LimitedVisibility)
    assert [g.id for g in added.visibility.permitted_groups or []] == ["3-1"]


async def test_comments_over_42(fake: FakeYouTrack, yt: YouTrack) -> None:
    for n in range(45):
        fake.add_comment("MOB-3", f"c{n}")
    texts = [c.text for c in await yt.issues.comments.list("MOB-3")]
    assert [t for t in texts if t.startswith("c")][-45:] == [f"c{n}" for n in range(45)]


# ---------------------------------------------------------------- 7. tags


async def test_tags(fake: FakeYouTrack, yt: YouTrack) -> None:
    created = await yt.tags.create("acceptance-tag")
    assert isinstance(created, Tag)
    assert created.id
    assert (await yt.tags.get(created.id)).name == "acceptance-tag"
    assert (await yt.tags.get("acceptance-tag")).id == created.id
    assert "acceptance-tag" in {t.name for t in await yt.tags.list("acceptance")}
    await yt.issues.tags.add("SP-9", "acceptance-tag")
    await yt.issues.tags.add("SP-10", created.id)
    assert "acceptance-tag" in {t.name for t in await yt.issues.tags.list("SP-9")}
    await yt.issues.tags.remove("SP-9", "acceptance-tag")
    assert "acceptance-tag" not in {t.name for t in await yt.issues.tags.list("SP-9")}
    await yt.issues.tags.remove("SP-10", created)
    await yt.tags.delete(created)
    with pytest.raises(NotFoundError):
        await yt.tags.get(created.id)


# ---------------------------------------------------------------- 8. commands


async def test_command_apply_returns_command_list(fake: FakeYouTrack, yt: YouTrack) -> None:
    result = await yt.commands.apply("State Fixed", issues=["SP-11", "2-12"], comment="done")
    assert isinstance(result, CommandList)
    assert {i.id_readable for i in result.issues or []} >= {"SP-11"}
    assert (await yt.issues.get("SP-11")).fields["State"] == "Fixed"
    assert (await yt.issues.get("2-12")).fields["State"] == "Fixed"
    assert "done" in [c.text for c in await yt.issues.comments.list("SP-11")]
    await yt.commands.apply("for jane.doe", issues="SP-11", silent=True)
    assert (await yt.issues.get("SP-11")).fields["Assignee"].login == "jane.doe"
    issue = await yt.issues.get("SP-12")
    await yt.commands.apply("tag Star", issues=[issue])
    assert "Star" in {t.name for t in (await yt.issues.get("SP-12")).tags}


async def test_command_apply_returns_none_for_an_empty_body(raw: Any, raw_client: YouTrack) -> None:
    async def empty(request: web.Request) -> web.Response:
        return web.Response(status=200)

    raw.route(empty)
    assert await raw_client.commands.apply("tag X", issues=["SP-1"]) is None
    body = raw.requests[-1].body
    assert b'"query"' in body
    assert b"SP-1" in body


async def test_command_errors(yt: YouTrack) -> None:
    from aioyoutrack import BadRequestError

    with pytest.raises(BadRequestError):
        await yt.commands.apply("State Nonsense", issues=["SP-8"])
    with pytest.raises(InvalidRequestError):
        await yt.commands.apply("tag x", issues=[])


# ---------------------------------------------------------------- 9. model=


@attrs.define(kw_only=True, slots=True)
class IssueRow:
    id_readable: str | None = None
    summary: str | None = None


@attrs.define(kw_only=True, slots=True)
class Named:
    name: str | None = None


@attrs.define(kw_only=True, slots=True)
class Login:
    login: str | None = None


@attrs.define(kw_only=True, slots=True)
class Texted:
    text: str | None = None


async def test_model_everywhere(fake: FakeYouTrack, yt: YouTrack) -> None:
    assert await yt.users.me(model=Login) == Login(login="root")
    assert await yt.users.get("jane.doe", model=Login) == Login(login="jane.doe")
    assert (await yt.projects.get("SP", model=Named)) == Named(name="Sample Project")
    assert (await yt.issues.get("SP-1", model=IssueRow)).id_readable == "SP-1"
    rows = await yt.issues.search("project: MOB", model=IssueRow, limit=3)
    assert all(type(r) is IssueRow for r in rows)
    assert len(rows) == 3
    assert fake.stats.log[-1].query["fields"] == fields_for(IssueRow)
    assert all(type(x) is Named for x in await yt.tags.list(model=Named))
    assert all(type(x) is Named for x in await yt.projects.list(model=Named))
    assert all(type(x) is Login for x in await yt.users.list(model=Login))
    created = await yt.issues.create("SP", "row", model=IssueRow)
    assert created == IssueRow(id_readable=created.id_readable, summary="row")
    updated = await yt.issues.update(created.id_readable, summary="row2", model=IssueRow)
    assert updated.summary == "row2"
    many = await yt.issues.get_many(["SP-1", "SP-2"], model=IssueRow)
    assert [m.id_readable for m in many] == ["SP-1", "SP-2"]
    c = await yt.issues.comments.add("SP-1", "m", model=Texted)
    assert c == Texted(text="m")
    assert all(type(x) is Texted for x in await yt.issues.comments.list("SP-1", model=Texted))
    assert type(await yt.projects.get_many(["SP"], model=Named)).__name__ == "list"


# ---------------------------------------------------------------- 10. ids in paths


@pytest.mark.parametrize(
    "bad_id",
    [
        "../admin",
        "SP-1/../SP-2",
        "SP-1?fields=id",
        "SP-1#x",
        "a b",
        "日本-1",
        "%2e%2e",
        "..",
        ".",
        "SP-1\r\nX: y",
    ],
)
async def test_ids_are_percent_encoded(fake: FakeYouTrack, yt: YouTrack, bad_id: str) -> None:
    fake.stats.reset()
    with pytest.raises((NotFoundError, InvalidRequestError)):
        await yt.issues.get(bad_id)
    for rec in fake.stats.log:
        assert rec.path == f"api/issues/{bad_id}"
        assert rec.raw_path.startswith("api/issues/")
        assert "/" not in rec.raw_path[len("api/issues/") :]


async def test_ids_encoded_in_nested_paths(fake: FakeYouTrack, yt: YouTrack) -> None:
    fake.stats.reset()
    with pytest.raises(NotFoundError):
        await yt.issues.comments.delete("SP-1", "../../../admin/projects/0-0")
    assert all(r.path.startswith("api/issues/SP-1/comments/") for r in fake.stats.log)
    assert "SP" in {p.short_name for p in await yt.projects.list()}
    with pytest.raises(NotFoundError):
        await yt.users.get("../admin")
    with pytest.raises(NotFoundError):
        await yt.projects.get("SP/../MOB")


async def test_search_fetches_pages_concurrently(fake: FakeYouTrack, yt: YouTrack) -> None:
    # each page takes a while at the server: a pager that fetches ahead overlaps them
    fake.faults.add("api/issues", method="GET", delay=0.05)
    fake.stats.reset()
    got = await yt.issues.search(None, page_size=20)
    assert [i.id_readable for i in got] == [i.id_readable for i in sorted(got, key=_entity)]
    assert len(got) == 300
    assert fake.stats.max_in_flight >= 2


def _entity(issue: Any) -> int:
    return int(issue.id.split("-")[1])


async def test_resolved_follows_the_state(yt: YouTrack) -> None:
    issue = await yt.issues.create("SP", "resolution")
    assert issue.resolved is None
    issue = await yt.issues.update(issue.id_readable, fields={"State": "Fixed"})
    assert issue.resolved is not None
    assert issue.resolved.tzinfo is not None
    issue = await yt.issues.update(issue.id_readable, fields={"State": "Open"})
    assert issue.resolved is None


# ---------------------------------------------------------------- README (issue #5 "Done when")


def _readme() -> str:
    """The README and the guides: where a user reads about the API (the tour moved from
    the README to docs/guides/tour.md)."""
    from pathlib import Path

    import aioyoutrack

    root = Path(aioyoutrack.__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs" / "guides").glob("*.md"))]
    return "\n".join(page.read_text("utf-8") for page in pages)


@pytest.mark.parametrize(
    "name",
    [
        "users.me",
        "projects.get_many",
        "projects.custom_fields",
        "issues.search",
        "issues.get_many",
        "issues.count",
        "issues.create",
        "issues.update",
        "issues.delete",
        "issues.custom_fields",
        "issues.comments",
        "issues.tags",
        "tags.create",
        "commands.apply",
        "first()",
        "pages()",
    ],
)
def test_readme_api_tour_documents_resources_one(name: str) -> None:
    assert name in _readme()


SET_TARGETS = {"SP": "SP-3", "DEMO": "DEMO-3", "MOB": "MOB-3"}


@pytest.mark.parametrize("project", sorted(ALL_KINDS))
async def test_custom_fields_set_every_kind_reads_back_equal(yt: YouTrack, project: str) -> None:
    issue_id = SET_TARGETS[project]
    for name, value in ALL_KINDS[project].items():
        field = await yt.issues.custom_fields.set(issue_id, name, value)
        assert _plain(field.plain_value) == value, name
        assert _plain((await yt.issues.get(issue_id)).fields[name]) == value, name


@pytest.mark.parametrize(
    ("issue_id", "name", "cleared"),
    [
        ("SP-3", "Fix versions", []),
        ("DEMO-3", "Reviewers", []),
        ("DEMO-3", "Story points", None),
        ("SP-3", "Release notes", None),
        ("SP-3", "Due Date", None),
        ("SP-3", "Assignee", None),
        ("MOB-3", "Estimation", None),
    ],
)
async def test_custom_fields_set_none_clears(
    yt: YouTrack, issue_id: str, name: str, cleared: Any
) -> None:
    await yt.issues.custom_fields.set(issue_id, name, None)
    assert (await yt.issues.get(issue_id)).fields[name] == cleared

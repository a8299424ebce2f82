"""yt.issues: search, get, get_many and count."""

from __future__ import annotations

import asyncio

import pytest

from aioyoutrack import (
    APITimeoutError,
    InvalidRequestError,
    Issue,
    NotFoundError,
    PermissionDeniedError,
    ResponseValidationError,
    RetryPolicy,
    UnexpectedResponseError,
    YouTrack,
)
from aioyoutrack.testing import FakeYouTrack

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

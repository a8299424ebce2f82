"""yt.activities.follow: a followable activity stream that resumes from a saved cursor.

Every test waits on state (items received, cursors saved, requests seen by the fake),
never on time: the followers poll every few milliseconds and the tests wait for what
they expect to have happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from aioyoutrack import ActivityFollower, RetryPolicy, YouTrack
from aioyoutrack.errors import (
    AuthenticationError,
    ClientClosedError,
    InvalidRequestError,
    ServerError,
    UnexpectedResponseError,
)
from aioyoutrack.models import ActivityItem, CommentActivityItem
from aioyoutrack.resources import ActivityCategoryId
from aioyoutrack.testing import FakeYouTrack

COMMENTS = [ActivityCategoryId.COMMENTS]
FAST = {"poll_interval": 0.005, "backoff_initial": 0.001, "backoff_max": 0.004}


@pytest_asyncio.fixture
async def quiet(fake: FakeYouTrack) -> AsyncIterator[YouTrack]:
    """A client that does not retry, so the follower's own backoff is what is tested."""
    async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
        yield yt


class Collector:
    """Drains a follower in a task: the comment texts it got and the cursors it saved."""

    def __init__(self, follower: ActivityFollower[ActivityItem], saved: list[str]) -> None:
        self.follower = follower
        self.saved = saved
        self.texts: list[str] = []
        self._changed = asyncio.Event()
        self.task = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        async for item in self.follower:
            assert isinstance(item, CommentActivityItem)
            assert item.added
            self.texts.append(item.added[0].text or "")
            self._changed.set()

    async def wait_for_texts(self, count: int) -> None:
        while len(self.texts) < count:
            self._changed.clear()
            await self._changed.wait()


def comment(fake: FakeYouTrack, n: int, issue: str = "SP-1") -> str:
    text = f"follow me {n}"
    fake.add_comment(issue, text)
    return text


async def saved_after(saved: list[str], count: int, fake: FakeYouTrack) -> None:
    """Wait until at least ``count`` cursors were saved (the fake answering polls)."""
    while len(saved) < count:
        done = fake.stats.requests
        await fake.stats.wait_requests(done + 1)


async def test_from_now_skips_history_and_hands_over_new_items(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    saved: list[str] = []
    follower = yt.activities.follow(
        COMMENTS, issue_query="project: SP", on_cursor=saved.append, **FAST
    )
    collector = Collector(follower, saved)
    await saved_after(saved, 1, fake)  # anchored at "now": the seed's comments are past
    anchor = saved[0]
    assert follower.cursor == anchor
    texts = [comment(fake, n) for n in range(3)]
    comment(fake, 99, issue="MOB-1")  # not in project SP: never handed over
    await collector.wait_for_texts(3)
    await saved_after(saved, 2, fake)
    assert collector.texts == texts
    assert saved[-1] != anchor
    assert follower.cursor == saved[-1]
    await follower.aclose()
    await collector.task
    assert follower.closed


async def test_restart_from_saved_cursor_misses_and_repeats_nothing(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    saved: list[str] = []
    first = yt.activities.follow(COMMENTS, on_cursor=saved.append, page_size=3, **FAST)
    collector = Collector(first, saved)
    await saved_after(saved, 1, fake)
    before = [comment(fake, n) for n in range(7)]  # three pages of at most 3
    await collector.wait_for_texts(7)
    await saved_after(saved, 4, fake)  # anchor + one cursor per page handed over
    collector.task.cancel()  # the bot stops (it was waiting for the next poll)
    with pytest.raises(asyncio.CancelledError):
        await collector.task
    during = [comment(fake, n) for n in range(7, 12)]  # while it is down

    resumed_saved: list[str] = []
    second = yt.activities.follow(
        COMMENTS, cursor=saved[-1], on_cursor=resumed_saved.append, page_size=3, **FAST
    )
    resumed = Collector(second, resumed_saved)
    await resumed.wait_for_texts(5)
    after = [comment(fake, n) for n in range(12, 14)]
    await resumed.wait_for_texts(7)
    await second.aclose()
    await resumed.task
    assert collector.texts == before
    assert resumed.texts == during + after


async def test_a_503_storm_in_the_middle_loses_and_repeats_nothing(
    quiet: YouTrack, fake: FakeYouTrack
) -> None:
    saved: list[str] = []
    follower = quiet.activities.follow(COMMENTS, on_cursor=saved.append, page_size=2, **FAST)
    collector = Collector(follower, saved)
    await saved_after(saved, 1, fake)
    texts = [comment(fake, n) for n in range(3)]
    await collector.wait_for_texts(3)
    storm = fake.faults.add(path="api/activitiesPage*", status=503, times=8)
    texts += [comment(fake, n) for n in range(3, 8)]
    while storm.hits < 8:  # the follower polls through the storm
        await fake.stats.wait_requests(fake.stats.requests + 1)
    await collector.wait_for_texts(8)
    await follower.aclose()
    await collector.task
    assert collector.texts == texts


async def test_many_items_between_polls_arrive_in_order(yt: YouTrack, fake: FakeYouTrack) -> None:
    saved: list[str] = []
    follower = yt.activities.follow(COMMENTS, on_cursor=saved.append, page_size=50, **FAST)
    collector = Collector(follower, saved)
    await saved_after(saved, 1, fake)
    texts = [comment(fake, n, issue=f"SP-{1 + n % 5}") for n in range(260)]
    await collector.wait_for_texts(260)
    await follower.aclose()
    await collector.task
    assert collector.texts == texts


async def test_a_given_cursor_hands_over_what_follows_it(yt: YouTrack, fake: FakeYouTrack) -> None:
    mob = "project: MOB"
    history = [item.id async for item in yt.activities.page(COMMENTS, issue_query=mob)]
    assert len(history) >= 3
    pager = yt.activities.page(COMMENTS, issue_query=mob, page_size=1)
    seen = 0
    async for _ in pager:
        seen += 1
        if seen == 2:
            break  # the first one-item page was handed over: the cursor is past it
    assert pager.cursor is not None
    follower = yt.activities.follow(COMMENTS, issue_query=mob, cursor=pager.cursor, **FAST)
    got = [(await anext(follower)).id for _ in history[1:]]
    await follower.aclose()
    assert got == history[1:]


async def test_break_then_iterate_again_goes_on_where_it_stopped(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    follower = yt.activities.follow(COMMENTS, page_size=10, **FAST)
    assert follower.cursor is None
    pending = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_requests(2)  # the anchor and the first poll
    texts = [comment(fake, n) for n in range(4)]
    got = [await pending]
    async for item in follower:
        got.append(item)
        break
    got.append(await anext(follower))
    got.append(await anext(follower))
    assert [g.added[0].text for g in got if isinstance(g, CommentActivityItem) and g.added] == (
        texts
    )
    await follower.aclose()
    with pytest.raises(StopAsyncIteration):
        await anext(follower)


async def test_aclose_wakes_a_follower_waiting_between_polls(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    follower = yt.activities.follow(COMMENTS, poll_interval=3600)
    waiting = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_completed(2)  # anchored, polled, found nothing: now it waits
    await follower.aclose()
    with pytest.raises(StopAsyncIteration):
        await waiting


async def test_closing_the_client_ends_the_follower(fake: FakeYouTrack) -> None:
    yt = YouTrack(fake.url, token=fake.token)
    follower = yt.activities.follow(COMMENTS, poll_interval=3600)
    waiting = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_completed(2)
    await yt.aclose()
    with pytest.raises(StopAsyncIteration):
        await waiting
    assert follower.closed


async def test_two_tasks_on_one_follower_get_a_typed_error(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    follower = yt.activities.follow(COMMENTS, poll_interval=3600)
    first = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_requests(1)
    with pytest.raises(InvalidRequestError, match="another task"):
        await anext(follower)
    await follower.aclose()
    with pytest.raises(StopAsyncIteration):
        await first


async def test_an_async_on_cursor_is_awaited(yt: YouTrack, fake: FakeYouTrack) -> None:
    saved: list[str] = []

    async def save(cursor: str) -> None:
        await asyncio.sleep(0)
        saved.append(cursor)

    follower = yt.activities.follow(COMMENTS, on_cursor=save, **FAST)
    pending = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_requests(2)
    assert len(saved) == 1
    comment(fake, 1)
    await pending
    await follower.aclose()


async def test_a_rejected_token_is_raised_not_retried(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token="perm:wrong") as yt:
        follower = yt.activities.follow(COMMENTS, **FAST)
        with pytest.raises(AuthenticationError):
            await anext(follower)
    assert fake.stats.requests == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"poll_interval": 0}, "poll_interval"),
        ({"poll_interval": float("inf")}, "poll_interval"),
        ({"poll_interval": "1"}, "poll_interval"),
        ({"backoff_max": -1}, "backoff_max"),
        ({"cursor": ""}, "cursor"),
        ({"cursor": 5}, "cursor"),
        ({"on_cursor": "save"}, "on_cursor"),
        ({"max_failures": 0}, "max_failures"),
        ({"until_caught_up": 1}, "until_caught_up"),
        ({"from_start": "yes"}, "from_start"),
        ({"page_size": 0}, "page_size"),
        ({"model": int}, "model"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    yt: YouTrack, fake: FakeYouTrack, kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(InvalidRequestError, match=match):
        yt.activities.follow(COMMENTS, **kwargs)  # type: ignore[call-overload]
    with pytest.raises(InvalidRequestError, match="categories"):
        yt.activities.follow([])
    assert fake.stats.requests == 0


async def test_until_caught_up_ends_and_iterating_again_asks_again(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    follower = yt.activities.follow(COMMENTS, until_caught_up=True, **FAST)
    assert [item async for item in follower] == []  # from now: nothing new yet
    texts = [comment(fake, n) for n in range(2)]
    got = [item async for item in follower]
    assert [i.added[0].text for i in got if isinstance(i, CommentActivityItem) and i.added] == (
        texts
    )
    assert [item async for item in follower] == []


async def test_from_start_hands_over_the_history(yt: YouTrack, fake: FakeYouTrack) -> None:
    mob = "project: MOB"
    history = [item.id async for item in yt.activities.page(COMMENTS, issue_query=mob)]
    follower = yt.activities.follow(
        COMMENTS, issue_query=mob, from_start=True, until_caught_up=True, **FAST
    )
    assert [item.id async for item in follower] == history


async def test_max_failures_in_a_row_raise_the_last(quiet: YouTrack, fake: FakeYouTrack) -> None:
    fault = fake.faults.add(path="api/activitiesPage*", status=500)
    follower = quiet.activities.follow(COMMENTS, max_failures=3, **FAST)
    with pytest.raises(ServerError):
        await anext(follower)
    assert fault.hits == 3


# --- a server that misbehaves ------------------------------------------------------------


async def test_items_without_a_new_cursor_are_refused_not_repeated(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    same = {"activities": [{"id": "a1", "$type": "CommentActivityItem"}], "hasAfter": False}
    for body in (same, {**same, "afterCursor": "C1"}):
        fake.faults.clear()
        fake.faults.add(path="api/activitiesPage", status=200, body=body)
        follower = yt.activities.follow(COMMENTS, cursor="C1", **FAST)
        with pytest.raises(UnexpectedResponseError, match="without a new cursor"):
            await anext(follower)


@pytest.mark.parametrize("second_cursor", ["C1", "C3"], ids=["alternating", "always-new"])
async def test_items_again_at_a_new_cursor_are_refused_not_repeated(
    yt: YouTrack, fake: FakeYouTrack, second_cursor: str
) -> None:
    """Review: cursors that alternate (C1, C2, C1, ...) or are new each time, over the
    same items, were followed at full speed, handing the items over forever, and
    ``until_caught_up`` never ended."""
    items = [{"id": f"a{n}", "$type": "ActivityItem"} for n in (1, 2)]
    for after in ("C2", second_cursor):
        body = {"activities": items, "afterCursor": after, "hasAfter": True}
        fake.faults.add(path="api/activitiesPage", status=200, body=body, times=1)
    follower = yt.activities.follow(COMMENTS, cursor="C1", until_caught_up=True, **FAST)
    got: list[str | None] = []

    async def drain() -> None:
        async for item in follower:
            got.append(item.id)

    with pytest.raises(UnexpectedResponseError, match="already handed over"):
        await drain()
    assert got == ["a1", "a2"]
    assert fake.stats.requests == 2


async def test_no_cursor_to_start_from_now_is_refused_not_replayed(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.faults.add(path="api/activitiesPage", status=200, body={"$type": "CursorPage"})
    follower = yt.activities.follow(COMMENTS, **FAST)
    with pytest.raises(UnexpectedResponseError, match="no cursor to follow from now"):
        await anext(follower)
    assert fake.stats.requests == 1  # the history was never asked for


async def test_a_retry_after_of_years_waits_at_most_backoff_max(
    quiet: YouTrack, fake: FakeYouTrack
) -> None:
    fake.faults.add(path="api/activitiesPage", status=429, retry_after=99_999_999, times=2)
    follower = quiet.activities.follow(COMMENTS, until_caught_up=True, **FAST)
    assert [item async for item in follower] == []  # through both 429s, then caught up
    assert follower.cursor is not None


async def test_aclose_while_a_page_is_on_its_way_drops_it(yt: YouTrack, fake: FakeYouTrack) -> None:
    follower = yt.activities.follow(COMMENTS, from_start=True, **FAST)
    release = asyncio.Event()
    fake.faults.add(path="api/activitiesPage", hold=release, times=1)
    pending = asyncio.ensure_future(anext(follower))
    await fake.stats.wait_in_flight(1)
    await follower.aclose()
    release.set()
    with pytest.raises(StopAsyncIteration):
        await pending


async def test_a_client_closed_before_following_raises(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        pass
    follower = yt.activities.follow(COMMENTS, from_start=True)
    with pytest.raises(ClientClosedError):
        await anext(follower)

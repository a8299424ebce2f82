"""yt.issues.work_items, yt.work_items and the work item types."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from time_zones import need_zone

from aioyoutrack import ConfigurationError, RetryPolicy, ServerError, YouTrack, _dates
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import IssueWorkItem, WorkItemType
from aioyoutrack.resources import _values
from aioyoutrack.testing import FakeYouTrack

DAY_MS = 86_400_000


async def test_add_with_each_duration_form(sent: Any, fake: FakeYouTrack) -> None:
    yt, bodies = sent
    first = await yt.issues.work_items.add("SP-1", timedelta(hours=1, minutes=30))
    assert bodies.last["duration"] == {"minutes": 90}
    assert isinstance(first, IssueWorkItem)
    assert first.duration is not None
    assert first.duration.minutes == 90
    assert first.duration.timedelta == timedelta(minutes=90)

    second = await yt.issues.work_items.add("SP-1", "2h 15m", text="review")
    assert bodies.last["duration"] == {"presentation": "2h 15m"}
    assert second.duration is not None
    assert second.duration.minutes == 135
    assert second.text == "review"

    third = await yt.issues.work_items.add("SP-1", 45)
    assert bodies.last["duration"] == {"minutes": 45}
    assert third.duration is not None
    assert third.duration.minutes == 45
    stored = [w.minutes for w in fake.issue("SP-1").work_items]
    assert stored[-3:] == [90, 135, 45]


async def test_date_is_sent_as_midday_utc_and_kept_as_that_day(
    sent: Any, fake: FakeYouTrack
) -> None:
    yt, bodies = sent
    day = date(2024, 3, 10)
    item = await yt.issues.work_items.add("SP-2", 30, date=day)
    midnight = int(datetime(2024, 3, 10, tzinfo=timezone.utc).timestamp() * 1000)
    assert bodies.last["date"] == midnight + DAY_MS // 2
    assert item.date is not None
    assert item.date.date() == day
    aware = datetime(2024, 3, 11, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    await yt.issues.work_items.add("SP-2", 30, date=aware)
    assert bodies.last["date"] == midnight + DAY_MS + DAY_MS // 2


_PROFILE = "api/users/me/profiles/general"


async def _move_to(yt: YouTrack, zone: str) -> None:
    need_zone(zone)
    me = await yt.users.me()
    assert me.id is not None
    await yt.request("POST", f"api/users/{me.id}/profiles/general", json={"timezone": {"id": zone}})


@pytest.mark.parametrize(
    "zone", ["Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"]
)
async def test_a_day_is_that_day_in_the_users_zone_from_utc_minus_11_to_plus_14(
    fake: FakeYouTrack, zone: str
) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        await _move_to(yt, zone)
        for day in (date(2025, 6, 1), date(2025, 1, 15)):  # either side of daylight saving
            item = await yt.issues.work_items.add("SP-2", 30, date=day)
            assert item.date is not None
            assert item.date.astimezone(ZoneInfo(zone)).date() == day
            listed = await yt.work_items.list(start=day, end=day, author="root")
            assert item.id in [i.id for i in listed]
            other = day + timedelta(days=3)
            assert item.id is not None
            moved = await yt.issues.work_items.update("SP-2", item.id, date=other)
            assert moved.date is not None
            assert moved.date.astimezone(ZoneInfo(zone)).date() == other


async def test_the_users_zone_is_read_once_per_client_and_only_for_a_date(
    fake: FakeYouTrack,
) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        await yt.issues.work_items.add("SP-2", 30)
        assert fake.stats.by_path[_PROFILE] == 0
        with pytest.raises(InvalidRequestError):
            await yt.issues.work_items.add("SP-2", -5, date=date(2025, 6, 1))
        assert fake.stats.by_path[_PROFILE] == 0  # a refused write reads nothing
        for day in (1, 2, 3):
            await yt.issues.work_items.add("SP-2", 30, date=date(2025, 6, day))
        assert fake.stats.by_path[_PROFILE] == 1


async def test_a_busy_server_fails_the_dated_write_unsent_and_the_zone_is_read_again(
    fake: FakeYouTrack,
) -> None:
    async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
        await _move_to(yt, "Pacific/Auckland")
        busy = fake.faults.add(_PROFILE, method="GET", status=503, retry_after=0)
        before = len(fake.issue("SP-2").work_items)
        with pytest.raises(ServerError):
            await yt.issues.work_items.add("SP-2", 30, date=date(2025, 6, 1))
        assert len(fake.issue("SP-2").work_items) == before  # not sent with a guessed zone
        fake.faults.remove(busy)
        item = await yt.issues.work_items.add("SP-2", 30, date=date(2025, 6, 1))
        assert item.date is not None
        assert item.date.astimezone(ZoneInfo("Pacific/Auckland")).date() == date(2025, 6, 1)


async def test_dated_writes_started_together_read_the_zone_once(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        days = [date(2025, 6, d) for d in range(1, 21)]
        await asyncio.gather(*(yt.issues.work_items.add("SP-2", 5, date=d) for d in days))
    assert fake.stats.by_path[_PROFILE] == 1


async def test_dated_writes_started_together_share_a_failed_read(fake: FakeYouTrack) -> None:
    fake.faults.add(_PROFILE, method="GET", status=503, retry_after=0)
    async with YouTrack(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0)) as yt:
        days = [date(2025, 6, d) for d in range(1, 7)]
        results = await asyncio.gather(
            *(yt.issues.work_items.add("SP-2", 5, date=d) for d in days), return_exceptions=True
        )
    assert all(isinstance(r, ServerError) for r in results), results
    assert fake.stats.by_path[_PROFILE] == 1  # one read, its failure shared, not six in turn


async def test_a_dated_write_from_another_event_loop_is_refused(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token) as yt:
        await yt.issues.work_items.add("SP-2", 5)  # the client is of this loop now

        async def elsewhere() -> None:
            await yt.issues.work_items.add("SP-2", 5, date=date(2025, 6, 1))

        with pytest.raises(ConfigurationError, match="another event loop"):
            await asyncio.to_thread(asyncio.run, elsewhere())
    assert fake.stats.by_path[_PROFILE] == 0


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "body": "<html>not a profile</html>", "content_type": "text/html"},
        {"status": 200, "body": "{not json"},
        {"status": 404},
        {"status": 403},
        {"status": 200, "body": {"timezone": {"id": "Mars/Olympus_Mons"}}},
        {"status": 200, "body": {"timezone": None}},
        {"status": 200, "body": ["not", "a", "profile"]},
    ],
)
async def test_a_zone_that_cannot_be_read_sends_midday_utc(
    sent: Any, fake: FakeYouTrack, answer: dict[str, Any]
) -> None:
    yt, bodies = sent
    fake.faults.add(_PROFILE, method="GET", **answer)
    await yt.issues.work_items.add("SP-2", 30, date=date(2025, 6, 1))
    assert bodies.last["date"] == _dates.day_ms(date(2025, 6, 1))


async def test_type_and_author_references(sent: Any, fake: FakeYouTrack) -> None:
    yt, bodies = sent
    item = await yt.issues.work_items.add("SP-3", 10, type="Development", author="jane.doe")
    assert bodies.last["type"] == {"name": "Development"}
    assert bodies.last["author"] == {"login": "jane.doe"}
    assert item.type is not None
    assert item.type.name == "Development"
    assert item.author is not None
    assert item.author.login == "jane.doe"
    kind = next(iter(fake.store.work_item_types.values()))
    await yt.issues.work_items.add("SP-3", 10, type=WorkItemType(id=kind.id))
    assert bodies.last["type"] == {"id": kind.id}
    assert fake.issue("SP-3").work_items[-1].type is kind


async def test_bad_arguments_are_refused_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    for duration, match in (
        (timedelta(seconds=90), "whole minutes"),
        (timedelta(minutes=-1), "negative"),
        (-5, "negative"),
        (True, "got True"),
        ("  ", "period such as"),
        ("abc", "period such as"),
        (1.5, "duration"),
        (None, "duration"),
    ):
        with pytest.raises(InvalidRequestError, match=match):
            await yt.issues.work_items.add("SP-1", duration)
    with pytest.raises(InvalidRequestError, match="timezone-aware"):
        await yt.issues.work_items.add("SP-1", 5, date=datetime(2024, 1, 1))
    with pytest.raises(InvalidRequestError, match="date"):
        await yt.issues.work_items.add("SP-1", 5, date="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="text"):
        await yt.issues.work_items.add("SP-1", 5, text=3)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


async def test_list_get_update_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.issues.work_items.add("SP-4", 20, text="first")
    assert created.id is not None
    listed = await yt.issues.work_items.list("SP-4")
    assert created.id in [w.id for w in listed]
    got = await yt.issues.work_items.get("SP-4", created.id)
    assert got.text == "first"
    assert got.issue is not None
    assert got.issue.id_readable == "SP-4"

    updated = await yt.issues.work_items.update(
        "SP-4", created.id, duration="1h", text="changed", date=date(2024, 5, 1)
    )
    assert updated.duration is not None
    assert updated.duration.minutes == 60
    assert updated.text == "changed"
    assert updated.date is not None
    assert updated.date.date() == date(2024, 5, 1)
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.issues.work_items.update("SP-4", created.id)

    await yt.issues.work_items.delete("SP-4", created.id)
    with pytest.raises(NotFoundError):
        await yt.issues.work_items.get("SP-4", created.id)


async def test_all_work_items_filtered_by_day_author_and_query(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.add_work_item("SP-5", 15, author="jane.doe", date=date(2031, 1, 5))
    fake.add_work_item("SP-5", 25, author="jane.doe", date=date(2031, 1, 7))
    fake.add_work_item("DEMO-1", 35, author="jane.doe", date=date(2031, 1, 6))
    found = await yt.work_items.list(
        "project: SP", author="jane.doe", start=date(2031, 1, 5), end=date(2031, 1, 6)
    )
    assert [w.duration.minutes for w in found if w.duration] == [15]
    query = fake.stats.log[-1].query
    assert query["startDate"] == "2031-01-05"
    assert query["endDate"] == "2031-01-06"
    assert query["author"] == "jane.doe"

    everything = await yt.work_items.list(start=date(2031, 1, 1), limit=2)
    assert len(everything) == 2
    one = await yt.work_items.get(everything[0].id or "")
    assert one.id == everything[0].id


async def test_created_bounds_are_epoch_ms(yt: YouTrack, fake: FakeYouTrack) -> None:
    bound = datetime(2020, 1, 1, tzinfo=timezone.utc)
    await yt.work_items.list(created_start=bound, updated_end=bound + timedelta(days=1))
    query = fake.stats.log[-1].query
    assert query["createdStart"] == str(int(bound.timestamp() * 1000))
    assert query["updatedEnd"] == str(int(bound.timestamp() * 1000) + DAY_MS)
    with pytest.raises(InvalidRequestError, match="timezone-aware"):
        yt.work_items.list(created_end=datetime(2020, 1, 1))


async def test_work_item_types(yt: YouTrack, fake: FakeYouTrack) -> None:
    names = {t.name for t in await yt.work_items.types()}
    assert names == {t.name for t in fake.store.work_item_types.values()}
    assert {t.name for t in await yt.work_items.project_types("SP")} == names

    admin = yt.admin.time_tracking.work_item_types
    created = await admin.create(body={"name": "Research"})
    assert created.name == "Research"
    assert created.id is not None
    renamed = await admin.update(created.id, body=WorkItemType(name="Spikes"))
    assert renamed.name == "Spikes"
    assert (await admin.get(created.id)).name == "Spikes"
    await admin.delete(created.id)
    assert created.id not in fake.store.work_item_types


# ---- named, typed path ids and the one declaration style


def test_dates_come_from_the_one_encoding() -> None:
    day = date(2024, 2, 29)
    assert _values.day_ms(day, "date") == _dates.day_ms(day) == 1_709_208_000_000
    noon = datetime(2024, 2, 29, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert _values.day_ms(noon, "date") == _dates.day_ms(day)  # its own calendar day
    instant = datetime(2024, 2, 29, 12, tzinfo=timezone.utc)
    assert _values.epoch_ms(instant, "start") == _dates.aware_ms(instant, ValueError)


def test_naive_datetimes_are_refused_with_the_parameter_named() -> None:
    naive = datetime(2024, 2, 29, 12)
    with pytest.raises(InvalidRequestError, match=r"^start must be timezone-aware \(e\.g\."):
        _values.epoch_ms(naive, "start")
    with pytest.raises(InvalidRequestError, match=r"^date: pass a date, or a timezone-aware"):
        _values.day_ms(naive, "date")
    with pytest.raises(InvalidRequestError, match=r"^end must be a date, got str"):
        _values.iso_day("2024-02-29", "end")


def test_references_keep_their_keys_and_messages() -> None:
    class Person:
        login = "jane"
        id = "1-3"

    class Ticket:
        id_readable = None
        id = "2-7"

    assert _values.user_ref(Person(), "author") == {"login": "jane"}
    assert _values.user_ref("1-3", "author") == {"id": "1-3"}
    assert _values.issue_ref(Ticket(), "target") == {"id": "2-7"}
    assert _values.issue_ref("SP-8", "target") == {"idReadable": "SP-8"}
    assert _values.named_ref("Development", "type") == {"name": "Development"}
    with pytest.raises(InvalidRequestError, match="author must be a login, a user id or a User"):
        _values.user_ref(3, "author")
    with pytest.raises(InvalidRequestError, match="type must be a non-empty str"):
        _values.named_ref(" ", "type")


async def test_missing_and_bad_ids_are_refused_before_sending(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    get: Any = yt.issues.work_items.get
    with pytest.raises(TypeError, match="item_id"):
        await get("SP-1")
    with pytest.raises(InvalidRequestError, match="item_id must not be empty"):
        await yt.issues.work_items.update("SP-1", "", text="x")
    with pytest.raises(InvalidRequestError, match="project must be a str"):
        yt.work_items.project_types(None)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


async def test_item_read_back_by_both_paths(yt: YouTrack, fake: FakeYouTrack) -> None:
    added = await yt.issues.work_items.add("SP-1", 90, date=date(2024, 3, 1), text="pairing")
    assert added.id is not None
    again = await yt.issues.work_items.get("SP-1", item_id=added.id)
    anywhere = await yt.work_items.get(item_id=added.id)
    assert again.text == anywhere.text == "pairing"
    assert fake.stats.log[-1].path == f"api/workItems/{added.id}"

"""yt.issues.work_items and yt.work_items declared the one way, and the date and
reference arguments (``resources/_values.py`` on ``_dates``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from aioyoutrack import YouTrack, _dates
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.resources import _values
from aioyoutrack.testing import FakeYouTrack


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

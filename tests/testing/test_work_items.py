"""Work items: logging, editing, the global list and its filters, and the day a work item
is dated in (midnight in the time zone of the user who sends it, as a real server does:
semantics.md, "Dates and times", llorllale/youtrack-api#133)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from time_zones import need_zone

import aioyoutrack.testing
from aioyoutrack.testing import FakeYouTrack

DAY = 86_400_000
_ITEMS = "api/issues/SP-1/timeTracking/workItems"


async def test_work_item_crud(api: Any, fake: FakeYouTrack) -> None:
    path = "api/issues/SP-1/timeTracking/workItems"
    fields = "id,duration(minutes,presentation),date,text,type(name),author(login)"
    created = await api.post(
        path,
        {
            "duration": {"presentation": "1h 30m"},
            "date": 1_715_000_000_000,
            "text": "Fixing",
            "type": {"name": "Testing"},
            "author": {"login": "jane.doe"},
        },
        fields=fields,
    )
    body = created.body
    assert body["duration"] == {"minutes": 90, "presentation": "1h 30m", "$type": "DurationValue"}
    assert body["date"] % DAY == 0
    assert body["type"]["name"] == "Testing"
    assert body["author"]["login"] == "jane.doe"
    item = f"{path}/{body['id']}"
    edited = await api.post(item, {"duration": {"minutes": 45}}, fields="duration(minutes)")
    assert edited.body["duration"]["minutes"] == 45
    assert (await api.post(path, {"text": "no duration"})).status == 400
    assert (await api.post(path, {"duration": {"minutes": "x"}})).status == 400
    # DurationValue.minutes is an int32: longer is refused, not a crash of the fake.
    assert (await api.post(path, {"duration": {"minutes": 2**31}})).status == 400
    assert (await api.post(path, {"duration": {"presentation": "9999999w"}})).status == 400
    assert (await api.delete(item)).status == 200
    assert (await api.get(item)).status == 404


async def test_a_work_item_has_no_updated_until_it_is_edited(api: Any, fake: FakeYouTrack) -> None:
    # A real server sends "updated": null for a new item
    # (realworld-fixtures/moneymeets-youtrack-sdk/issue_work_items.json).
    path = "api/issues/SP-1/timeTracking/workItems"
    fields = "id,created,updated"
    created = (await api.post(path, {"duration": {"minutes": 5}}, fields=fields)).body
    assert isinstance(created["created"], int)
    assert created["updated"] is None
    seeded = [i for i in fake.store.work_items.values() if i.id != created["id"]]
    assert seeded
    assert all(item.updated is None for item in seeded)
    item = f"{path}/{created['id']}"
    edited = (await api.post(item, {"text": "more"}, fields=fields)).body
    assert isinstance(edited["updated"], int)
    assert edited["updated"] >= created["created"]
    # Only an edited item was updated within an interval.
    since = await api.get("api/workItems", fields="id", updatedStart="0", **{"$top": "-1"})
    assert [i["id"] for i in since.body] == [created["id"]]
    until = await api.get("api/workItems", fields="id", updatedEnd=str(2**62), **{"$top": "-1"})
    assert [i["id"] for i in until.body] == [created["id"]]


async def test_global_work_items_filters(api: Any, fake: FakeYouTrack) -> None:
    day = dt.date(2030, 1, 15)
    fake.add_work_item("SP-1", "2h", author="jane.doe", date=day, type="Development")
    fake.add_work_item("MOB-1", 30, author="bob.kowalski", date=day)
    fields = "issue(idReadable),author(login),duration(minutes)"
    by_day = await api.get(
        "api/workItems", fields=fields, startDate="2030-01-15", endDate="2030-01-15"
    )
    assert sorted(i["issue"]["idReadable"] for i in by_day.body) == ["MOB-1", "SP-1"]
    by_author = await api.get(
        "api/workItems", fields=fields, author="jane.doe", startDate="2030-01-01"
    )
    assert [i["duration"]["minutes"] for i in by_author.body] == [120]
    by_query = await api.get(
        "api/workItems", fields=fields, query="in: MOB", startDate="2030-01-01"
    )
    assert [i["author"]["login"] for i in by_query.body] == ["bob.kowalski"]
    assert (await api.get("api/workItems", startDate="15.01.2030")).status == 400
    types = await api.get("api/admin/timeTrackingSettings/workItemTypes", fields="name")
    assert {"Development", "Testing", "Documentation"} <= {t["name"] for t in types.body}


_BERLIN = "Europe/Berlin"


async def _move_to(api: Any, zone: str) -> None:
    """Put root, the user the ``api`` fixture calls as, in the time zone ``zone``."""
    need_zone(zone)
    reply = await api.post("api/users/me/profiles/general", {"timezone": {"id": zone}})
    assert reply.status == 200, reply.body


def _midnight(day: dt.date, zone: str) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).timestamp()) * 1000


async def test_a_date_becomes_midnight_in_the_time_zone_of_the_user_who_sends_it(
    api: Any,
) -> None:
    await _move_to(api, _BERLIN)
    # 23:30 UTC on 3 March is 00:30 on 4 March in Berlin: the item is of 4 March there.
    late = int(dt.datetime(2024, 3, 3, 23, 30, tzinfo=dt.timezone.utc).timestamp()) * 1000
    created = await api.post(_ITEMS, {"duration": {"minutes": 60}, "date": late}, fields="id,date")
    assert created.status == 200, created.body
    assert created.body["date"] == _midnight(dt.date(2024, 3, 4), _BERLIN)
    assert created.body["date"] % DAY != 0  # not a UTC midnight
    # An edit is dated the same way: 12:00 UTC on 10 March is that day in Berlin too.
    noon = int(dt.datetime(2024, 3, 10, 12, tzinfo=dt.timezone.utc).timestamp()) * 1000
    edited = await api.post(f"{_ITEMS}/{created.body['id']}", {"date": noon}, fields="date")
    assert edited.body["date"] == _midnight(dt.date(2024, 3, 10), _BERLIN)


async def test_an_undated_item_is_of_today_in_the_users_time_zone(
    api: Any, fake: FakeYouTrack
) -> None:
    await _move_to(api, _BERLIN)
    created = await api.post(_ITEMS, {"duration": {"minutes": 5}}, fields="date,created")
    dated = dt.datetime.fromtimestamp(created.body["date"] / 1000, ZoneInfo(_BERLIN))
    made = dt.datetime.fromtimestamp(created.body["created"] / 1000, ZoneInfo(_BERLIN))
    assert (dated.date(), dated.time()) == (made.date(), dt.time(0))


async def test_the_date_filters_read_days_in_the_users_time_zone(
    api: Any, fake: FakeYouTrack
) -> None:
    await _move_to(api, _BERLIN)
    day = dt.date(2030, 1, 15)
    seeded = fake.add_work_item("SP-1", "1h", author="root", date=day)
    assert seeded.date == _midnight(day, _BERLIN)
    for start, end, found in [
        ("2030-01-15", "2030-01-15", True),
        ("2030-01-16", None, False),
        (None, "2030-01-14", False),
    ]:
        bounds = {k: v for k, v in (("startDate", start), ("endDate", end)) if v is not None}
        reply = await api.get("api/workItems", fields="id", **bounds)
        assert (seeded.id in {i["id"] for i in reply.body}) is found, bounds


async def test_an_issue_tracks_time_as_its_project_does(api: Any, fake: FakeYouTrack) -> None:
    # openapi.json, GET /issues/{id}/timeTracking: "time tracking status in the issue's
    # project": the issue's ``enabled`` is its project's setting, off until turned on.
    fake.add_work_item("SP-1", 30)
    tracker = "api/issues/SP-1/timeTracking"
    fields = "enabled,workItems(duration(minutes))"
    settings = "api/admin/projects/SP/timeTrackingSettings"
    assert (await api.get(settings, fields="enabled")).body["enabled"] is False
    off = (await api.get(tracker, fields=fields)).body
    assert off["enabled"] is False
    # Neither semantics.md nor the spec hides work items while the project is off.
    assert 30 in [item["duration"]["minutes"] for item in off["workItems"]]
    assert (await api.post(settings, {"enabled": True})).status == 200
    assert (await api.get(tracker, fields="enabled")).body["enabled"] is True
    # Another project's issue follows its own project, still off.
    assert (await api.get("api/issues/MOB-1/timeTracking", fields="enabled")).body == {
        "enabled": False,
        "$type": "IssueTimeTracker",
    }
    assert (await api.post(settings, {"enabled": False})).status == 200
    assert (await api.get(tracker, fields="enabled")).body["enabled"] is False


#: The layers of the fake that hold its wire facts and routes: an oracle, they take no
#: bound or default from the client (ARCHITECTURE.md, "FakeYouTrack shares no code").
_FAKE_LAYERS = ("_wire", "_state", "_routes", "_language", "_http")


def _client_constants_imported(path: Path, package: str) -> list[str]:
    """Where ``path`` (a module of ``package``) imports ``aioyoutrack._constants``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            names = [name] + [f"{name}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if "aioyoutrack._constants" in names:
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_the_fakes_duration_bound_is_its_own() -> None:
    root = Path(aioyoutrack.testing.__file__).parent
    found = []
    for layer in _FAKE_LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            package = ".".join(path.relative_to(root.parents[1]).parent.parts)
            found += _client_constants_imported(path, package)
    assert found == []


async def test_a_work_item_lasts_at_most_an_int32_of_minutes(api: Any) -> None:
    # openapi.json: DurationValue.minutes is "format": "int32", at most 2**31 - 1.
    longest = await api.post(
        _ITEMS, {"duration": {"minutes": 2**31 - 1}}, fields="duration(minutes)"
    )
    assert longest.status == 200, longest.body
    assert longest.body["duration"]["minutes"] == 2**31 - 1
    assert (await api.post(_ITEMS, {"duration": {"minutes": 2**31}})).status == 400


async def test_days_and_weeks_follow_the_work_schedule(api: Any, fake: FakeYouTrack) -> None:
    # The schedule was stored but 1d stayed 480 minutes and 1w 2400 (review).
    schedule = "api/admin/timeTrackingSettings/workTimeSettings"
    changed = await api.post(
        schedule, {"minutesADay": 360, "workDays": [1, 2, 3, 4], "daysAWeek": 7}, fields="daysAWeek"
    )
    assert changed.status == 200
    assert changed.body["daysAWeek"] == 4  # read-only: it follows workDays
    path = "api/issues/SP-1/timeTracking/workItems"
    fields = "duration(minutes,presentation)"
    for sent, minutes, shown in [("1d", 360, "1d"), ("1w", 1440, "1w"), ("1d 2h", 480, "1d 2h")]:
        logged = await api.post(path, {"duration": {"presentation": sent}}, fields=fields)
        assert logged.body["duration"] == {
            "minutes": minutes,
            "presentation": shown,
            "$type": "DurationValue",
        }
    fake.update_issue("SP-1", Estimation="1d")
    assert fake.issue("SP-1").value_of("Estimation") == 360
    for bad in (
        {"minutesADay": -1},
        {"minutesADay": 1441},
        {"workDays": [9]},
        {"workDays": []},
        {"workDays": [1, 1]},
    ):
        assert (await api.post(schedule, bad)).status == 400, bad
    kept = await api.get(schedule, fields="minutesADay,workDays")
    assert (kept.body["minutesADay"], kept.body["workDays"]) == (360, [1, 2, 3, 4])

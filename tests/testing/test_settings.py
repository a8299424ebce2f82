"""Settings and user profiles: the references they hold are changed by id, as live
servers change them for other clients (udamir/youtrack-client's and
ELCAIT/terraform-provider-youtrack's acceptance tests; see ``_state/descriptors.py``)."""

from __future__ import annotations

from typing import Any

import pytest
from time_zones import need_zone

from aioyoutrack.testing import FakeYouTrack

_APPEARANCE = "api/admin/globalSettings/appearanceSettings"


async def test_a_fresh_server_starts_with_the_ids_live_servers_report(api: Any) -> None:
    reply = await api.get(_APPEARANCE, fields="timeZone(id,offset),dateFieldFormat(id)")
    assert reply.body["timeZone"] == {"id": "Etc/UTC", "offset": 0, "$type": "TimeZoneDescriptor"}
    assert reply.body["dateFieldFormat"]["id"] == "youtrack.datefieldformat.iso8601"


async def test_a_profile_takes_another_time_zone_and_reports_utc_as_etc_utc(
    api: Any, fake: FakeYouTrack
) -> None:
    me = fake.user("root").id
    path = f"api/users/{me}/profiles/general"
    fields = {"fields": "id,$type,timezone(id,offset,presentation)"}
    reply = await api.post(path, {"timezone": {"id": "UTC"}}, **fields)
    assert reply.status == 200, reply.body
    assert reply.body["timezone"]["id"] == "Etc/UTC"
    need_zone("Europe/Zurich")
    moved = await api.post(path, {"timezone": {"id": "Europe/Zurich"}}, **fields)
    assert moved.status == 200, moved.body
    assert moved.body["timezone"]["id"] == "Europe/Zurich"
    assert moved.body["timezone"]["offset"] in (60, 120)  # minutes: CET or CEST
    again = await api.get(f"api/users/{me}", fields="profiles(general(timezone(id)))")
    assert again.body["profiles"]["general"]["timezone"]["id"] == "Europe/Zurich"


@pytest.mark.parametrize("ident", ["MINUTES", "FULL", "DAYS_HOURS_MINUTES", "HOURS_MINUTES"])
async def test_the_period_format_is_changed_by_id(api: Any, fake: FakeYouTrack, ident: str) -> None:
    path = f"api/users/{fake.user('root').id}/profiles/timetracking"
    reply = await api.post(path, {"periodFormat": {"id": ident}}, fields="periodFormat(id)")
    assert reply.status == 200, reply.body
    assert reply.body["periodFormat"]["id"] == ident
    assert (await api.get(path, fields="periodFormat(id)")).body == reply.body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (_APPEARANCE, {"timeZone": {"id": "Not/AZone"}}),
        (_APPEARANCE, {"dateFieldFormat": {"id": "no.such.format"}}),
        ("api/admin/globalSettings/localeSettings", {"locale": {"id": "xx_XX"}}),
        ("api/users/1-0/profiles/timetracking", {"periodFormat": {"id": "WEEKS"}}),
    ],
)
async def test_an_unknown_id_is_not_found_and_nothing_changes(
    api: Any, path: str, body: dict[str, Any]
) -> None:
    attribute = next(iter(body))
    before = await api.get(path, fields=f"{attribute}(id)")
    reply = await api.post(path, body)
    assert reply.status == 404, reply.body
    assert reply.body["error_description"] == f"Entity with id {body[attribute]['id']} not found"
    assert (await api.get(path, fields=f"{attribute}(id)")).body == before.body


async def test_a_nested_object_that_is_no_descriptor_keeps_its_identity(api: Any) -> None:
    path = "api/admin/globalSettings/notificationSettings"
    reply = await api.post(path, {"emailSettings": {"id": "other", "port": 2525}})
    assert reply.status == 400, reply.body
    assert "emailSettings" in reply.body["error_description"]
    same = await api.post(path, {"emailSettings": {"id": "email", "port": 2525}})
    assert same.status == 200, same.body
    port = await api.get(path, fields="emailSettings(port)")
    assert port.body["emailSettings"]["port"] == 2525


async def test_the_base_url_is_the_fake_s_own(api: Any, fake: FakeYouTrack) -> None:
    # Clients build links from systemSettings.baseUrl: it was http://127.0.0.1/, with
    # no port (review). A value a test sets stays.
    path = "api/admin/globalSettings/systemSettings"
    assert (await api.get(path, fields="baseUrl")).body["baseUrl"] == fake.url
    assert (await api.post(path, {"baseUrl": "https://yt.example.com/"})).status == 200
    assert (await api.get(path, fields="baseUrl")).body["baseUrl"] == "https://yt.example.com/"


async def test_a_refused_settings_update_changes_nothing(api: Any) -> None:
    # The values before the unknown key were set although the answer was 400 (review).
    path = "api/admin/timeTrackingSettings/workTimeSettings"
    fields = "minutesADay,workDays,daysAWeek,firstDayOfWeek"
    before = (await api.get(path, fields=fields)).body
    refused = await api.post(path, {"minutesADay": 360, "workDays": [1, 2], "foo": 1})
    assert refused.status == 400
    assert (await api.get(path, fields=fields)).body == before
    # Read-only in the spec: left as they are, daysAWeek following workDays.
    taken = await api.post(path, {"workDays": [1, 2, 3], "daysAWeek": 7, "firstDayOfWeek": 5})
    assert taken.status == 200
    after = (await api.get(path, fields=fields)).body
    assert (after["daysAWeek"], after["firstDayOfWeek"]) == (3, before["firstDayOfWeek"])


async def test_backup_settings_take_users_and_keep_their_status(api: Any) -> None:
    path = "api/admin/databaseBackup/settings"
    status = "backupStatus(backupInProgress)"
    users = await api.post(
        path, {"notifiedUsers": [{"login": "root"}]}, fields="notifiedUsers(login)"
    )
    assert users.status == 200, users.body
    assert users.body["notifiedUsers"] == [{"login": "root", "$type": "User"}]
    for bad in ({"notifiedUsers": ["root", 7]}, {"notifiedUsers": "root"}):
        assert (await api.post(path, bad)).status in (400, 404), bad
    # backupStatus is read-only: a write leaves it, and both paths show one record.
    await api.post(path, {"backupStatus": {"backupInProgress": True}, "isOn": True})
    assert (await api.get(path, fields=status)).body["backupStatus"]["backupInProgress"] is False
    own = await api.get(f"{path}/backupStatus", fields="backupInProgress")
    assert own.body["backupInProgress"] is False
    assert (await api.get(path, fields="isOn")).body["isOn"] is True

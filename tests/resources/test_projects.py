"""yt.projects: list, get, get_many and the cached custom-field schema."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from aioyoutrack import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    Project,
    ProjectCustomField,
    YouTrack,
)
from aioyoutrack.models import EnumProjectCustomField, StateProjectCustomField
from aioyoutrack.testing import FakeYouTrack


async def test_list(yt: YouTrack, fake: FakeYouTrack) -> None:
    projects = await yt.projects.list()
    assert sorted(p.short_name or "" for p in projects) == ["DEMO", "MOB", "SP"]
    assert all(isinstance(p, Project) and p.id for p in projects)
    assert fake.stats.log[-1].query["$top"] == "100"


async def test_list_pages_past_the_server_default(yt: YouTrack, fake: FakeYouTrack) -> None:
    for index in range(45):
        fake.add_project(f"P{index:02}", f"Project {index}", fields=[])
    projects = await yt.projects.list(page_size=20)
    assert len(projects) == 48
    assert [r.query["$skip"] for r in fake.stats.log] == ["0", "20", "40"]
    assert len(await yt.projects.list(limit=5)) == 5


async def test_get_by_short_name_or_id(yt: YouTrack) -> None:
    by_name = await yt.projects.get("SP")
    by_id = await yt.projects.get("0-1")
    assert (by_name.id, by_name.name) == ("0-0", "Sample Project")
    assert by_id.short_name == "DEMO"
    assert by_name.leader is not None
    assert by_name.leader.login == "root"


async def test_get_unknown(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.projects.get("NOPE")


async def test_get_many_keeps_order(yt: YouTrack) -> None:
    projects = await yt.projects.get_many(["MOB", "0-0", "DEMO"])
    assert [p.short_name for p in projects] == ["MOB", "SP", "DEMO"]
    assert await yt.projects.get_many([]) == []


async def test_get_many_error_cancels_the_rest(yt: YouTrack, fake: FakeYouTrack) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/admin/projects/DEMO", hold=hold)
    try:
        with pytest.raises(NotFoundError):
            await asyncio.wait_for(yt.projects.get_many(["DEMO", "NOPE", "SP"]), 30)
        # The held request was cancelled: the client holds no slot for it any more.
        assert yt.in_flight == 0
    finally:
        hold.set()


async def test_get_many_refuses_a_single_string(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="not a single str"):
        await yt.projects.get_many("SP")
    assert fake.stats.requests == 0


@pytest.mark.parametrize("bad", ["", "  ", None, 7])
async def test_get_many_refuses_bad_ids_before_any_request(
    yt: YouTrack, fake: FakeYouTrack, bad: object
) -> None:
    with pytest.raises(InvalidRequestError, match="non-empty str ids"):
        await yt.projects.get_many(["SP", bad])  # type: ignore[list-item]
    assert fake.stats.requests == 0


async def test_get_many_sends_each_id_as_one_path_segment(yt: YouTrack, fake: FakeYouTrack) -> None:
    # Encoded as one segment, the id names a project that does not exist; unencoded it
    # would have reached /api/users/me, which answers.
    with pytest.raises(NotFoundError):
        await yt.projects.get_many(["../users/me"])
    assert [record.raw_path for record in fake.stats.log] == ["api/admin/projects/..%2Fusers%2Fme"]


async def test_custom_fields_schema(yt: YouTrack) -> None:
    fields = await yt.projects.custom_fields("SP")
    by_name = {f.field.name: f for f in fields if f.field is not None}
    assert set(by_name) >= {"Priority", "State", "Assignee", "Estimation", "Fix versions"}
    priority = by_name["Priority"]
    assert isinstance(priority, EnumProjectCustomField)
    assert priority.field is not None
    assert priority.field.field_type is not None
    assert priority.field.field_type.id == "enum[1]"
    assert priority.bundle is not None
    assert priority.bundle.values
    assert "Critical" in [v.name for v in priority.bundle.values]
    assert isinstance(by_name["State"], StateProjectCustomField)
    assert all(isinstance(f, ProjectCustomField) for f in fields)


async def test_custom_fields_cached_by_id_and_short_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    first = await yt.projects.custom_fields("SP")
    fetched = fake.stats.requests
    assert fetched == 2  # the project (for its id) and its fields, concurrently
    assert await yt.projects.custom_fields("SP") == first
    assert await yt.projects.custom_fields("sp") == first
    assert await yt.projects.custom_fields("0-0") == first
    assert fake.stats.requests == fetched


async def test_custom_fields_refresh(yt: YouTrack, fake: FakeYouTrack) -> None:
    before = await yt.projects.custom_fields("SP")
    fake.add_field("SP", "Spent time")
    assert await yt.projects.custom_fields("SP") == before
    after = await yt.projects.custom_fields("0-0", refresh=True)
    assert len(after) == len(before) + 1
    # The refreshed entry serves both names.
    assert await yt.projects.custom_fields("SP") == after


async def test_concurrent_first_calls_share_one_fetch(yt: YouTrack, fake: FakeYouTrack) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/admin/projects/SP*", hold=hold)
    calls = [asyncio.create_task(yt.projects.custom_fields("SP")) for _ in range(5)]
    await fake.stats.wait_in_flight(2)  # the project and its fields, held
    hold.set()
    results = await asyncio.gather(*calls)
    assert all(r == results[0] for r in results)
    assert fake.stats.by_path["api/admin/projects/SP/customFields"] == 1
    assert fake.stats.by_path["api/admin/projects/SP"] == 1


async def test_failed_fetch_is_not_cached(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.faults.add("api/admin/projects/SP/customFields", status=403, times=1)
    with pytest.raises(PermissionDeniedError):
        await yt.projects.custom_fields("SP")
    assert await yt.projects.custom_fields("SP")


async def test_custom_fields_of_unknown_project(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.projects.custom_fields("NOPE")


async def test_projects_with_a_custom_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Key:
        short_name: str | None = None
        archived: bool | None = None

    keys = await yt.projects.list(model=Key)
    assert Key(short_name="SP", archived=False) in keys
    assert all(isinstance(k, Key) for k in keys)
    assert fake.stats.log[-1].query["fields"] == "shortName,archived"
    many = await yt.projects.get_many(["DEMO"], model=Key)
    assert many == [Key(short_name="DEMO", archived=False)]
    assert await yt.projects.get("MOB", model=Key) == Key(short_name="MOB", archived=False)

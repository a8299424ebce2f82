"""Names or ids: boards, saved queries, projects, groups and users named by what a
person calls them, resolved once per client; visibility on issues."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from aioyoutrack import (
    Agile,
    Issue,
    LimitedVisibility,
    SavedQuery,
    UnlimitedVisibility,
    User,
    UserGroup,
    Visibility,
    YouTrack,
)
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.testing import FakeYouTrack


async def test_a_board_by_name_or_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    boards = await yt.agiles.list()
    board = boards[0]
    assert board.name is not None
    assert board.id is not None
    by_name = await yt.agiles.get(board.name)
    assert by_name.id == board.id
    assert (await yt.agiles.get(board.id)).id == board.id
    fake.stats.reset()
    await yt.agiles.get(board.name)  # remembered: no second lookup
    assert [r.path for r in fake.stats.log] == [f"api/agiles/{board.id}"]
    sprints = await yt.agiles.sprints.list(board.id)
    if sprints:
        assert sprints[0].id is not None
        sprint = await yt.agiles.sprints.get(board.name, sprints[0].id)
        assert sprint.id == sprints[0].id
    with pytest.raises(InvalidRequestError, match="no agile board named 'Nope'"):
        await yt.agiles.get("Nope")


async def test_a_board_is_created_over_projects_by_short_name(yt: YouTrack) -> None:
    board = await yt.agiles.create("Names board", projects=["SP", "MOB"])
    assert board.id is not None
    again = await yt.agiles.get("Names board")
    assert again.id == board.id


async def test_a_saved_query_by_name_or_id(yt: YouTrack) -> None:
    saved = await yt.saved_queries.list()
    first = saved[0]
    assert first.name is not None
    assert first.id is not None
    assert (await yt.saved_queries.get(first.name)).id == first.id
    assert (await yt.saved_queries.get(first.id)).id == first.id
    with pytest.raises(InvalidRequestError, match="no saved query named"):
        await yt.saved_queries.get("No such search")


async def test_issue_visibility_by_group_name_and_login(sent: Any) -> None:
    client, recorded = sent
    groups = {g.name: g.id async for g in client.groups.list()}
    jane = await client.users.get("jane.doe")
    created = await client.issues.create(
        "SP",
        "secret",
        visibility=LimitedVisibility(
            permitted_groups=[UserGroup(name="Developers")],
            permitted_users=[User(login="jane.doe")],
        ),
    )
    body = recorded.last
    assert body["visibility"] == {
        "$type": "LimitedVisibility",
        "permittedGroups": [{"id": groups["Developers"]}],
        "permittedUsers": [{"id": jane.id}],
    }
    assert created.id_readable is not None
    await client.issues.update(
        created.id_readable,
        visibility={"$type": "LimitedVisibility", "permittedGroups": ["QA"]},
    )
    assert recorded.last == {
        "visibility": {"$type": "LimitedVisibility", "permittedGroups": [{"id": groups["QA"]}]}
    }


async def test_names_shaped_like_ids_are_looked_up_when_an_object_carries_them(
    sent: Any, fake: FakeYouTrack
) -> None:
    client, recorded = sent
    group = fake.add_group("2024-1")
    fake.add_saved_query("2024-2", "project: SP")
    fake.add_agile("2024-3", ["SP"])
    assert (await client.groups.get(UserGroup(name="2024-1"))).id == group.id
    assert (await client.saved_queries.get(SavedQuery(name="2024-2"))).name == "2024-2"
    assert (await client.agiles.get(Agile(name="2024-3"))).name == "2024-3"
    # An object's id is its id.
    assert (await client.groups.get(UserGroup(id=group.id))).name == "2024-1"
    with pytest.raises(InvalidRequestError, match="an id, a name or an object with one"):
        await client.groups.get(UserGroup())
    # In a visibility, the group is sent by its real id, not by the name shaped like one.
    await client.issues.create(
        "SP", "secret", visibility=LimitedVisibility(permitted_groups=[UserGroup(name="2024-1")])
    )
    assert recorded.last["visibility"]["permittedGroups"] == [{"id": group.id}]


async def test_a_visibility_entry_without_id_or_name_is_shown_in_the_error(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    entry = {"$type": "User", "ringId": "0f3e"}
    with pytest.raises(
        InvalidRequestError, match=r"permittedUsers entry .*ringId.* has no id or login"
    ):
        await yt.issues.create(
            "SP",
            "secret",
            visibility={"$type": "LimitedVisibility", "permittedUsers": [entry]},
        )
    assert [r.method for r in fake.stats.log if r.method != "GET"] == []  # nothing written


async def test_unknown_group_or_login_is_refused_before_the_write(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    with pytest.raises(InvalidRequestError, match="no user group named 'Nobody'"):
        await yt.issues.comments.add(
            "SP-1", "x", visibility=LimitedVisibility(permitted_groups=[UserGroup(name="Nobody")])
        )
    with pytest.raises(InvalidRequestError, match="no user with login 'ghost'"):
        await yt.issues.create(
            "SP", "x", visibility=LimitedVisibility(permitted_users=[User(login="ghost")])
        )
    assert not [r for r in fake.stats.log if r.method == "POST"]


async def test_a_write_by_name_never_reaches_a_renamed_board(yt: YouTrack) -> None:
    first = await yt.agiles.create("Renamed", projects=["SP"])
    assert first.id is not None
    assert (await yt.agiles.get("Renamed")).id == first.id  # remembered
    await yt.agiles.update(first.id, body={"name": "Old name"})
    second = await yt.agiles.create("Renamed", projects=["SP"])
    await yt.agiles.delete("Renamed")  # the board named so now, not the remembered one
    remaining = {b.id for b in await yt.agiles.list()}
    assert first.id in remaining
    assert second.id not in remaining


async def test_a_read_by_a_remembered_name_looks_again_after_404(yt: YouTrack) -> None:
    gone = await yt.agiles.create("Team board", projects=["SP"])
    assert (await yt.agiles.get("Team board")).id == gone.id
    assert gone.id is not None
    await yt.request("DELETE", f"api/agiles/{gone.id}")  # deleted behind the client's back
    again = await yt.agiles.create("Team board", projects=["MOB"])
    assert (await yt.agiles.get("Team board")).id == again.id


async def test_a_name_several_boards_share_is_refused(yt: YouTrack, fake: FakeYouTrack) -> None:
    one = await yt.agiles.create("Twin", projects=["SP"])
    two = await yt.agiles.create("Twin", projects=["MOB"])
    fake.stats.reset()
    with pytest.raises(InvalidRequestError, match=r"2 agile boards are named 'Twin'") as caught:
        await yt.agiles.delete("Twin")
    assert f"{one.id}, {two.id}" in str(caught.value)
    assert not [r for r in fake.stats.log if r.method == "DELETE"]


async def test_a_server_ignoring_skip_ends_the_lookup(yt: YouTrack, fake: FakeYouTrack) -> None:
    from aioyoutrack.errors import UnexpectedResponseError

    page = [{"id": f"108-{n}", "name": f"B{n}"} for n in range(100)]
    fake.faults.add(path="api/agiles", method="GET", status=200, body=page)
    with pytest.raises(UnexpectedResponseError, match="ignores"):
        await yt.agiles.get("Not there")
    fake.faults.clear()
    fake.faults.add(path="api/agiles", method="GET", status=200, body={"not": "a list"})
    with pytest.raises(UnexpectedResponseError, match="not the list"):
        await yt.agiles.get("Not there")


@attrs.define(kw_only=True, slots=True)
class Seen(Issue):
    """An issue with its visibility (the default model leaves it out)."""

    visibility: Visibility | None = None


async def test_issue_visibility_round_trips_through_the_fake(yt: YouTrack) -> None:
    created = await yt.issues.create(
        "SP",
        "secret",
        visibility=LimitedVisibility(permitted_groups=[UserGroup(name="Developers")]),
        model=Seen,
    )
    assert isinstance(created.visibility, LimitedVisibility)
    assert [g.name for g in created.visibility.permitted_groups or []] == ["Developers"]
    assert created.id_readable is not None
    read = await yt.issues.get(created.id_readable, model=Seen)
    assert read.visibility == created.visibility
    lifted = await yt.issues.update(
        created.id_readable, visibility=UnlimitedVisibility(), model=Seen
    )
    assert isinstance(lifted.visibility, UnlimitedVisibility)


async def test_a_boards_sprints_listed_by_its_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    board = (await yt.agiles.list())[0]
    assert board.name is not None
    assert board.id is not None
    by_id = [s.id for s in await yt.agiles.sprints.list(board.id)]
    pager = yt.agiles.sprints.list(board.name)  # returned at once; the name is looked up later
    assert [s.id for s in await pager] == by_id


async def test_a_group_by_name_or_id(yt: YouTrack) -> None:
    groups = {g.name: g.id async for g in yt.groups.list()}
    assert (await yt.groups.get("QA")).id == groups["QA"]
    assert (await yt.groups.get(str(groups["QA"]))).name == "QA"

"""yt.agiles and yt.agiles.sprints."""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from mypy import api

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import Agile, Issue, Sprint
from aioyoutrack.testing import FakeYouTrack


def _board(fake: FakeYouTrack) -> Any:
    return next(a for a in fake.store.agiles.values() if a.sprints)


async def test_list_and_get_boards(yt: YouTrack, fake: FakeYouTrack) -> None:
    boards = await yt.agiles.list()
    assert {b.name for b in boards} == {a.name for a in fake.store.agiles.values()}
    board = _board(fake)
    got = await yt.agiles.get(board.id)
    assert isinstance(got, Agile)
    assert got.name == board.name
    assert [s.name for s in got.sprints or []] == [s.name for s in board.sprints]
    assert got.projects
    assert got.projects[0].short_name


async def test_create_update_delete_board(sent: Any, fake: FakeYouTrack) -> None:
    yt, bodies = sent
    project = fake.project("SP")
    created = await yt.agiles.create("Team board", projects=[project.id], template="kanban")
    assert bodies.last["projects"] == [{"id": project.id}]
    assert fake.stats.log[-1].query["template"] == "kanban"
    assert created.name == "Team board"
    assert created.id in fake.store.agiles
    assert created.id is not None
    renamed = await yt.agiles.update(created.id, body={"name": "Renamed"})
    assert renamed.name == "Renamed"
    await yt.agiles.delete(created.id)
    with pytest.raises(NotFoundError):
        await yt.agiles.get(created.id)
    with pytest.raises(InvalidRequestError, match="at least one"):
        await yt.agiles.create("Empty", projects=[])
    with pytest.raises(InvalidRequestError, match="projects"):
        await yt.agiles.create("Bad", projects="0-0")


async def test_sprints_list_get_current(yt: YouTrack, fake: FakeYouTrack) -> None:
    board = _board(fake)
    sprints = await yt.agiles.sprints.list(board.id)
    assert [s.name for s in sprints] == [s.name for s in board.sprints]
    first = await yt.agiles.sprints.get(board.id, board.sprints[0].id)
    assert isinstance(first, Sprint)
    assert first.name == board.sprints[0].name
    assert board.current_sprint is not None
    current = await yt.agiles.sprints.get(board.id, "current")
    assert current.id == board.current_sprint.id


async def test_sprint_create_update_issues_delete(sent: Any, fake: FakeYouTrack) -> None:
    yt, bodies = sent
    board = _board(fake)
    start = datetime(2030, 2, 1, 9, tzinfo=timezone.utc)
    finish = datetime(2030, 2, 14, 17, tzinfo=timezone.utc)
    sprint = await yt.agiles.sprints.create(
        board.id, "Sprint X", goal="Ship it", start=start, finish=finish, issues=["SP-1", "SP-2"]
    )
    assert bodies.last["start"] == int(start.timestamp() * 1000)
    assert bodies.last["issues"] == [{"idReadable": "SP-1"}, {"idReadable": "SP-2"}]
    assert sprint.start == start
    assert sprint.finish == finish
    assert sprint.goal == "Ship it"
    assert sprint.id is not None

    issues = await yt.agiles.sprints.issues(board.id, sprint.id)
    assert sorted(i.id_readable or "" for i in issues) == ["SP-1", "SP-2"]
    assert all(isinstance(i, Issue) for i in issues)

    @attrs.define(kw_only=True)
    class Key:
        id_readable: str | None = None

    keys = await yt.agiles.sprints.issues(board.id, sprint.id, model=Key)
    assert sorted(k.id_readable or "" for k in keys) == ["SP-1", "SP-2"]
    assert fake.stats.log[-1].query["fields"] == "issues(idReadable)"

    changed = await yt.agiles.sprints.update(
        board.id, sprint.id, name="Sprint Y", goal=None, archived=True, issues=["SP-3"]
    )
    assert bodies.last == {
        "name": "Sprint Y",
        "goal": None,
        "archived": True,
        "issues": [{"idReadable": "SP-3"}],
    }
    assert changed.name == "Sprint Y"
    assert changed.goal is None
    assert changed.archived is True
    assert [i.id_readable for i in await yt.agiles.sprints.issues(board.id, sprint.id)] == ["SP-3"]
    with pytest.raises(InvalidRequestError, match="nothing to change"):
        await yt.agiles.sprints.update(board.id, sprint.id)
    with pytest.raises(InvalidRequestError, match="timezone-aware"):
        await yt.agiles.sprints.update(board.id, sprint.id, start=datetime(2030, 1, 1))

    await yt.agiles.sprints.delete(board.id, sprint.id)
    with pytest.raises(NotFoundError):
        await yt.agiles.sprints.get(board.id, sprint.id)


async def test_sprints_of_an_issue(yt: YouTrack, fake: FakeYouTrack) -> None:
    board = _board(fake)
    sprint = await yt.agiles.sprints.create(board.id, "Has SP-9", issues=["SP-9"])
    on = await yt.issues.sprints.list("SP-9")
    assert sprint.id in [s.id for s in on]


# ---- named, typed path ids and the one declaration style

#: Each line forgets (or adds) a path id: mypy must refuse every one of them.
WRONG = """
from aioyoutrack import YouTrack


async def check(yt: YouTrack) -> None:
    await yt.agiles.sprints.get("A-1")
    await yt.agiles.sprints.delete("A-1")
    yt.agiles.sprints.list()
    await yt.admin.projects.custom_fields.get("SP")
    await yt.bundles.user.individuals.remove("1-1")
    await yt.user_profiles.general.get()
    await yt.groups.get("3-1", "extra")
"""

RIGHT = """
from aioyoutrack import YouTrack


async def check(yt: YouTrack) -> None:
    await yt.agiles.sprints.get("A-1", "current")
    await yt.agiles.sprints.get(agile_id="A-1", sprint_id="current")
    await yt.admin.projects.custom_fields.get("SP", "1-1")
    await yt.user_profiles.general.get("me")
"""


@pytest.mark.slow
def test_a_missing_path_id_is_a_type_error(tmp_path: Path) -> None:
    wrong, right = tmp_path / "wrong_ids.py", tmp_path / "right_ids.py"
    wrong.write_text(textwrap.dedent(WRONG))
    right.write_text(textwrap.dedent(RIGHT))
    out, err, status = api.run(["--strict", "--no-error-summary", str(wrong), str(right)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out + err
    # mypy may name the file by an earlier run's path (its cache): compare names only
    assert all(line.split(":")[0].endswith("wrong_ids.py") for line in errors), out
    flagged = {int(line.split(":")[1]) for line in errors}
    calls = [
        n for n, line in enumerate(WRONG.splitlines(), 1) if "yt." in line and "def " not in line
    ]
    assert flagged == set(calls), out


async def test_a_board_given_by_id_is_not_looked_up(yt: YouTrack, fake: FakeYouTrack) -> None:
    board = next(a for a in fake.store.agiles.values() if a.sprints)
    await yt.agiles.sprints.list(board.id)
    assert [r.path for r in fake.stats.log] == [f"api/agiles/{board.id}/sprints"]


async def test_a_board_given_by_name_is_looked_up_once(yt: YouTrack, fake: FakeYouTrack) -> None:
    board = next(a for a in fake.store.agiles.values() if a.sprints)
    first = await yt.agiles.sprints.get(board.name, "current")
    again = await yt.agiles.sprints.get(board.name, "current")
    assert first.id == again.id
    paths = [r.path for r in fake.stats.log]
    assert paths.count("api/agiles") == 1
    assert paths.count(f"api/agiles/{board.id}/sprints/current") == 2


async def test_a_missing_board_by_id_is_asked_once(yt: YouTrack, fake: FakeYouTrack) -> None:
    from aioyoutrack.errors import NotFoundError

    with pytest.raises(NotFoundError):
        await yt.agiles.get("108-999")
    assert fake.stats.requests == 1  # an id is final: no second look-up on 404

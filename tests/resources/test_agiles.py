"""yt.agiles and yt.agiles.sprints: path ids are typed, named parameters."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

from aioyoutrack import YouTrack
from aioyoutrack.testing import FakeYouTrack

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

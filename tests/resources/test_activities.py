"""Activities and the other resources declared with named path ids: a missing id is a
mypy error, ``model=`` types the result without overloads, and both activity feeds
(one issue's, every issue's) page the same way."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import attrs
import pytest
from mypy import api

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.models import ActivityItem
from aioyoutrack.resources import ActivityCategoryId
from aioyoutrack.testing import FakeYouTrack

COMMENTS = ActivityCategoryId.COMMENTS

SNIPPET = """
from __future__ import annotations

import attrs
from typing_extensions import assert_type

from aioyoutrack import CursorPager, Pager, YouTrack
from aioyoutrack.models import ActivityItem, CommandList, Project, Sprint, VcsChange
from aioyoutrack.models.reactions import Reaction
from aioyoutrack.models.search import SearchSuggestions
from aioyoutrack.models.time_tracking import IssueTimeTracker
from aioyoutrack.resources import ActivityFollower


@attrs.define
class View:
    id: str | None = None


async def check(yt: YouTrack) -> None:
    await yt.issues.activities.get("SP-1")  # missing id
    yt.issues.activities.page(categories="CommentsCategory")  # missing id
    await yt.issues.reactions.add("SP-1", reaction="x")  # missing id
    yt.articles.comments.reactions.list("171-0")  # missing id
    await yt.issues.vcs_changes.get("SP-1")  # missing id
    await yt.issues.vcs_changes.update("SP-1", body={})  # missing id
    await yt.issues.project.move(project="SP")  # missing id
    assert_type(await yt.issues.activities.get("SP-1", "1-2"), ActivityItem)
    assert_type(await yt.activities.get("1-2", model=View), View)
    assert_type(yt.activities.list("c"), Pager[ActivityItem])
    assert_type(yt.issues.activities.page("SP-1", "c", model=View), CursorPager[View])
    assert_type(yt.activities.follow("c"), ActivityFollower[ActivityItem])
    assert_type(yt.activities.follow("c", model=View), ActivityFollower[View])
    assert_type(await yt.issues.reactions.get("SP-1", "4-1", "r"), Reaction)
    assert_type(yt.issues.reactions.list("SP-1", "4-1", model=View), Pager[View])
    assert_type(await yt.issues.vcs_changes.create("SP-1", body={}), VcsChange)
    assert_type(yt.issues.sprints.list("SP-1"), Pager[Sprint])
    assert_type(await yt.issues.time_tracking.get("SP-1"), IssueTimeTracker)
    assert_type(await yt.issues.project.move("SP-1", "SP"), Project)
    assert_type(await yt.search.assist("x"), SearchSuggestions)
    assert_type(await yt.commands.assist("x", model=View), View)
    assert_type(await yt.commands.apply("x", issues="SP-1"), CommandList | None)
    assert_type(await yt.commands.apply("x", issues="SP-1", model=View), View | None)
"""


@pytest.mark.slow
def test_a_missing_path_id_is_a_type_error_and_models_type_results(tmp_path: Path) -> None:
    snippet = tmp_path / "typing_snippet_path_ids.py"
    snippet.write_text(textwrap.dedent(SNIPPET))
    out, err, _ = api.run(["--strict", "--no-error-summary", "--show-error-codes", str(snippet)])
    errors = {
        int(match[1]): match[2]
        for match in re.finditer(r":(\d+): error: (.*)", out)
        if not match[2].startswith("See ")
    }
    lines = textwrap.dedent(SNIPPET).splitlines()
    missing = {n for n, line in enumerate(lines, 1) if line.endswith("# missing id")}
    assert len(missing) == 7
    assert set(errors) == missing, out + err
    for number in missing:
        assert "Missing positional argument" in errors[number], errors[number]


@attrs.define(kw_only=True)
class _Id:
    id: str | None = None


async def test_issue_and_global_feeds_page_alike(yt: YouTrack, fake: FakeYouTrack) -> None:
    for n in range(3):
        fake.add_comment("SP-1", f"c{n}")
    mine = await yt.issues.activities("SP-1", COMMENTS, model=_Id)
    everyone = await yt.activities.list(COMMENTS, issue_query="issue id: SP-1", model=_Id)
    assert len(mine) == 3
    assert mine == everyone
    backwards = yt.issues.activities.page("SP-1", COMMENTS, direction="backwards", page_size=2)
    newest_first = await backwards
    assert all(isinstance(item, ActivityItem) for item in newest_first)
    assert [item.id for item in newest_first] == [item.id for item in reversed(mine)]
    page = fake.stats.log[-1]
    assert page.path == "api/issues/SP-1/activitiesPage"
    assert page.query["reverse"] == "true"
    assert page.query["$top"] == "2"
    one = await yt.issues.activities.get("SP-1", mine[0].id or "", model=_Id)
    assert one == mine[0]
    assert one == await yt.activities.get(mine[0].id or "", model=_Id)


async def test_path_ids_are_checked_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="issue_id must not be empty"):
        yt.issues.activities.page(" ", COMMENTS)
    with pytest.raises(InvalidRequestError, match="activity_id must be a str"):
        await yt.issues.activities.get("SP-1", None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        yt.activities.follow(COMMENTS, model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0

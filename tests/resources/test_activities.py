"""yt.issues.activities and yt.activities: categories, filters, typed items, cursors."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import attrs
import pytest
from mypy import api

from aioyoutrack import CursorPager, Pager, YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import (
    ActivityItem,
    CommentActivityItem,
    CustomFieldActivityItem,
    IssueCreatedActivityItem,
)
from aioyoutrack.resources import ActivityCategoryId
from aioyoutrack.testing import FakeYouTrack

ALL = [
    ActivityCategoryId.ISSUE_CREATED,
    ActivityCategoryId.CUSTOM_FIELD,
    ActivityCategoryId.COMMENTS,
    "SummaryCategory",
    "DescriptionCategory",
    "IssueResolvedCategory",
    "TagsCategory",
    "LinksCategory",
    "AttachmentsCategory",
    "WorkItemCategory",
]


async def test_categories_are_required_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    for empty in (None, [], "", " , ", ()):
        with pytest.raises(InvalidRequestError, match="categories is required"):
            yt.issues.activities("SP-1", empty)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="categories is required"):
            yt.activities.page(empty)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="categories is required"):
            yt.activities.list(empty)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="category"):
        yt.activities.list([1])  # type: ignore[list-item]
    with pytest.raises(InvalidRequestError, match="categories must be"):
        yt.activities.list(5)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


async def test_issue_history_is_typed_and_filtered(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_comment("SP-1", "hello history")
    fake.update_issue("SP-1", fields={"Priority": "Critical"})
    pager = yt.issues.activities("SP-1", ALL)
    assert isinstance(pager, Pager)
    items = await pager
    assert isinstance(items[0], IssueCreatedActivityItem)
    comments = [i for i in items if isinstance(i, CommentActivityItem)]
    assert comments
    assert comments[-1].added
    assert comments[-1].added[0].text == "hello history"
    assert any(isinstance(i, CustomFieldActivityItem) for i in items)
    stamps = [i.timestamp for i in items]
    assert stamps == sorted(stamps)

    only_comments = await yt.issues.activities("SP-1", ActivityCategoryId.COMMENTS)
    assert only_comments
    assert all(isinstance(i, CommentActivityItem) for i in only_comments)
    assert fake.stats.log[-1].query["categories"] == "CommentsCategory"

    both = ["CommentsCategory", "CustomFieldCategory"]
    newest_first = await yt.issues.activities("SP-1", ",".join(both), reverse=True)
    oldest_first = await yt.issues.activities("SP-1", both)
    assert len(oldest_first) >= 2
    assert [i.id for i in newest_first] == [i.id for i in reversed(oldest_first)]


async def test_start_end_author_filters(yt: YouTrack, fake: FakeYouTrack) -> None:
    everything = await yt.issues.activities("SP-2", ALL)
    middle = everything[len(everything) // 2]
    assert middle.timestamp is not None
    after = await yt.issues.activities("SP-2", ALL, start=middle.timestamp)
    assert after
    assert all(i.timestamp and i.timestamp >= middle.timestamp for i in after)
    query = fake.stats.log[-1].query
    assert query["start"] == str(int(middle.timestamp.timestamp() * 1000))
    before = await yt.issues.activities("SP-2", ALL, end=middle.timestamp)
    assert len(before) + len(after) >= len(everything)
    author = middle.author.login if middle.author else None
    assert author is not None
    by_author = await yt.issues.activities("SP-2", ALL, author=author)
    assert by_author
    assert all(i.author and i.author.login == author for i in by_author)
    with pytest.raises(InvalidRequestError, match="timezone-aware"):
        yt.issues.activities("SP-2", ALL, start=datetime(2024, 1, 1))
    with pytest.raises(InvalidRequestError, match="reverse"):
        yt.issues.activities("SP-2", ALL, reverse="yes")  # type: ignore[arg-type]


async def test_get_one_activity(yt: YouTrack, fake: FakeYouTrack) -> None:
    items = await yt.issues.activities("SP-1", ALL)
    one = await yt.issues.activities.get("SP-1", items[0].id or "")
    assert one.id == items[0].id
    assert type(one) is type(items[0])
    same = await yt.activities.get(items[0].id or "")
    assert same.id == items[0].id
    with pytest.raises(NotFoundError):
        await yt.issues.activities.get("SP-2", items[0].id or "")


async def test_cursor_pages_forwards_match_the_list(yt: YouTrack, fake: FakeYouTrack) -> None:
    expected = [i.id for i in await yt.activities.list(ALL, issue_query="project: SP")]
    assert len(expected) > 12
    pager = yt.activities.page(ALL, issue_query="project: SP", page_size=5)
    assert isinstance(pager, CursorPager)
    pages = [page async for page in pager.pages()]
    assert all(len(p) <= 5 for p in pages)
    assert [i.id for p in pages for i in p] == expected
    assert all(r.query["$top"] == "5" for r in fake.stats.log if r.path == "api/activitiesPage")


async def test_cursor_resumes_without_loss_and_walks_backwards(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    expected = [i.id for i in await yt.activities.list(ALL)]
    first = yt.activities.page(ALL, page_size=4, limit=8)
    seen = [i.id async for i in first]
    assert seen == expected[:8]
    saved = first.cursor
    assert saved is not None
    resumed = [i.id async for i in yt.activities.page(ALL, page_size=4, cursor=saved)]
    assert seen + resumed == expected

    backwards = yt.activities.page(ALL, page_size=3, cursor=saved, direction="backwards")
    back = [i.id async for i in backwards]
    assert back == list(reversed(seen))

    newest_first = [i.id async for i in yt.activities.page(ALL, reverse=True, page_size=7)]
    assert newest_first == list(reversed(expected))


async def test_cursor_limit_activity_id_and_own_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Stamp:
        id: str | None = None
        timestamp: datetime | None = None

    for n in range(3):
        fake.add_comment("SP-1", f"comment {n}")
    items = await yt.issues.activities.page("SP-1", ALL, model=Stamp, limit=3)
    assert len(items) == 3
    assert all(isinstance(i, Stamp) for i in items)
    assert fake.stats.log[-1].query["fields"].startswith("activities(id,timestamp)")
    anchor = items[1].id or ""
    around = await yt.issues.activities.page("SP-1", ALL, activity_id=anchor, page_size=2, limit=2)
    assert anchor in [i.id for i in around]
    assert fake.stats.log[-1].query["activityId"] == anchor
    with pytest.raises(InvalidRequestError, match="not both"):
        yt.activities.page(ALL, cursor="x", activity_id="y")
    with pytest.raises(InvalidRequestError, match="direction"):
        yt.activities.page(ALL, direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="page_size"):
        yt.activities.page(ALL, page_size=0)


async def test_global_list_filters_by_issue_query(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_comment("MOB-1", "only mobile")
    found = await yt.activities.list(
        ActivityCategoryId.COMMENTS, issue_query="project: MOB", reverse=True, limit=1
    )
    assert isinstance(found[0], CommentActivityItem)
    assert found[0].added
    assert found[0].added[0].text == "only mobile"
    when = datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert fake.stats.log[-1].query["issueQuery"] == "project: MOB"
    assert await yt.activities.list("CommentsCategory", end=when) == []


def test_category_ids_are_strings() -> None:
    assert ActivityCategoryId.COMMENTS == "CommentsCategory"
    assert str(ActivityCategoryId.WORK_ITEM) == "WorkItemCategory"
    assert all(c.value.endswith("Category") for c in ActivityCategoryId)
    assert isinstance(ActivityItem(), ActivityItem)


async def test_custom_field_history_is_typed_by_each_values_type(yt: YouTrack) -> None:
    from datetime import timedelta

    from aioyoutrack.models import (
        EnumBundleElement,
        StateBundleElement,
        User,
        UserGroup,
        VersionBundleElement,
    )

    async def history() -> list[ActivityItem]:
        return [
            item
            for key in ("SP-2", "DEMO-2")
            for item in await yt.issues.activities(key, ActivityCategoryId.CUSTOM_FIELD)
        ]

    before = {item.id for item in await history()}  # the demo's own history
    await yt.issues.update("SP-2", fields={"Priority": "Critical", "Assignee": "jane.doe"})
    await yt.issues.update("SP-2", fields={"State": "In Progress", "Fix versions": ["2.0"]})
    await yt.issues.update("SP-2", fields={"Estimation": timedelta(hours=3)})
    await yt.issues.update("DEMO-2", fields={"Story points": 8, "Team": "QA"})
    items = [item for item in await history() if item.id not in before]
    assert all(isinstance(i, CustomFieldActivityItem) for i in items)
    by_field = {
        i.field.name: i
        for i in items
        if i.field is not None and isinstance(i, CustomFieldActivityItem)
    }
    priority = by_field["Priority"].added
    assert isinstance(priority, list)
    assert isinstance(priority[0], EnumBundleElement)
    assert priority[0].name == "Critical"
    assignee = by_field["Assignee"].added
    assert isinstance(assignee, list)
    assert isinstance(assignee[0], User)
    assert assignee[0].login == "jane.doe"
    state = by_field["State"].added
    assert isinstance(state, list)
    assert isinstance(state[0], StateBundleElement)
    assert state[0].name == "In Progress"
    versions = by_field["Fix versions"].added
    assert isinstance(versions, list)
    assert [type(v) for v in versions] == [VersionBundleElement]
    estimation = by_field["Estimation"].added
    assert estimation == 180  # the fake sends a period's minutes as a scalar
    assert by_field["Story points"].added == 8
    team = by_field["Team"].added
    assert isinstance(team, list)
    assert isinstance(team[0], UserGroup)
    assert team[0].name == "QA"


# ---- named, typed path ids and the one declaration style

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

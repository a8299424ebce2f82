"""yt.articles declared the one way: named path ids (a missing one is a mypy error),
``model=`` typed by a defaulted type variable, and what the generic operations did
(``params=``, ``notify=`` refused where the spec cannot mute) kept."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from mypy import api

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.resources import ROUTES
from aioyoutrack.testing import FakeYouTrack

TYPED = """
from __future__ import annotations

import attrs
from typing_extensions import assert_type

from aioyoutrack import Pager, YouTrack
from aioyoutrack.models import (
    Article, ArticleAttachment, ArticleComment, Issue, IssueLink, IssueLinkType,
    IssueWorkItem, Tag,
)


@attrs.define
class View:
    id: str | None = None


async def check(yt: YouTrack) -> None:
    assert_type(await yt.articles.get("KB-A-1"), Article)
    assert_type(await yt.articles.parent("KB-A-1", model=View), View)
    assert_type(yt.articles.children.list("KB-A-1"), Pager[Article])
    assert_type(await yt.articles.children.get("KB-A-1", "1-2", model=View), View)
    assert_type(await yt.articles.attachments.get("KB-A-1", "3-4"), ArticleAttachment)
    assert_type(await yt.articles.tags.add("KB-A-1", "5-6"), Tag)
    assert_type(await yt.articles.comments.get("KB-A-1", "7-8"), ArticleComment)
    assert_type(yt.issues.links.issues("SP-1", "Depend"), Pager[Issue])
    assert_type(await yt.issues.links.get("SP-1", "9-0s", model=View), View)
    assert_type(yt.issues.links.list("SP-1"), Pager[IssueLink])
    assert_type(await yt.link_types.update("9-0", body={}), IssueLinkType)
    assert_type(await yt.issues.work_items.get("SP-1", "1-1"), IssueWorkItem)
    assert_type(await yt.work_items.get("1-1", model=View), View)
"""

#: Each call forgets a path id; mypy must report every one of them.
MISSING_IDS = [
    'await yt.articles.children.get("KB-A-1")',
    'await yt.articles.tags.add("5-6")',
    'await yt.articles.attachments.delete("KB-A-1")',
    "await yt.articles.get()",
    "await yt.link_types.get()",
    'await yt.issues.links.get("SP-1")',
    'await yt.issues.work_items.get("SP-1")',
    'await yt.issues.attachments.get("SP-1")',
    'await yt.issues.custom_fields.get("SP-1")',
]


def _mypy(tmp_path: Path, source: str) -> tuple[int, str]:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(source))
    out, err, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    return status, out + err


@pytest.mark.slow
def test_model_types_the_result_and_a_missing_path_id_is_a_type_error(tmp_path: Path) -> None:
    status, output = _mypy(tmp_path, TYPED)
    assert status == 0, output
    head = "from aioyoutrack import YouTrack\n\n\nasync def f(yt: YouTrack) -> None:\n"
    status, output = _mypy(tmp_path, head + "".join(f"    {call}\n" for call in MISSING_IDS))
    assert status == 1, output
    flagged = {
        int(line.split(":")[1]) for line in output.splitlines() if "Missing positional" in line
    }
    assert flagged == set(range(5, 5 + len(MISSING_IDS))), output


async def test_a_missing_path_id_fails_before_anything_is_sent(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    calls: list[Any] = [yt.articles.tags.add, yt.articles.children.get, yt.articles.get]
    for call in calls:
        with pytest.raises(TypeError, match="missing"):
            await call()
    with pytest.raises(InvalidRequestError, match="child_id must not be empty"):
        await yt.articles.children.get("KB-A-1", " ")
    assert fake.stats.requests == 0


def test_each_method_records_its_own_route() -> None:
    mine = {r.qualname: (r.method, r.path) for r in ROUTES if r.qualname.startswith("Article")}
    assert mine["ArticleTags.add"] == ("POST", "/articles/{id}/tags")
    assert mine["ArticleTags.remove"] == ("DELETE", "/articles/{id}/tags/{tagId}")
    assert mine["ArticleChildren.update"] == ("POST", "/articles/{id}/childArticles/{articleId}")
    assert mine["ArticlesResource.parent"] == ("GET", "/articles/{id}/parentArticle")
    assert mine["ArticlesResource.delete"] == ("DELETE", "/articles/{id}")


async def test_params_and_own_models_still_reach_the_server(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    @attrs.define(kw_only=True)
    class Summary:
        summary: str | None = None

    article = next(iter(fake.store.articles.values()))
    got = await yt.articles.get(article.id, params={"fields": "summary"})
    assert got.summary == article.summary
    assert got.id is None
    assert fake.stats.log[-1].query["fields"] == "summary"
    shown = await yt.articles.children.list(article.id, model=Summary, params={"x": "1"})
    assert shown
    assert all(isinstance(child, Summary) for child in shown)
    assert fake.stats.log[-1].query["x"] == "1"
    assert fake.stats.log[-1].query["fields"] == "summary"


async def test_notify_false_is_refused_where_the_spec_cannot_mute(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    with pytest.raises(InvalidRequestError, match="cannot mute notifications"):
        await yt.link_types.update("9-0", body={"name": "q"}, notify=False)
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.articles.attachments.update("KB-A-1", "1-1", name="q", notify=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.articles.attachments.update("KB-A-1", "1-1")
    assert fake.stats.requests == 0


async def test_bad_arguments_of_create_send_nothing(yt: YouTrack, fake: FakeYouTrack) -> None:
    # The project is looked up by short name only once every other argument is good.
    with pytest.raises(InvalidRequestError, match="summary must not be empty"):
        await yt.articles.create("SP", " ")
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.articles.create("SP", "s", notify="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.articles.comments.add("KB-A-1", "t", notify=1)  # type: ignore[arg-type]
    assert fake.stats.requests == 0

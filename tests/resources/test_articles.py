"""yt.articles: CRUD, comments and their reactions, sub-articles, parent, attachments."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from mypy import api

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError, PermissionDeniedError
from aioyoutrack.models import Article, ArticleComment, LimitedVisibility, UserGroup
from aioyoutrack.models.reactions import Reaction
from aioyoutrack.resources import ROUTES
from aioyoutrack.testing import FakeYouTrack


@attrs.define(kw_only=True)
class _WithReactions:
    id: str | None = None
    reactions: list[Reaction] | None = None


def _readable(article: Any) -> str:
    return f"{article.project.short_name}-A-{article.number}"


async def test_list_all_and_by_project(yt: YouTrack, fake: FakeYouTrack) -> None:
    everything = await yt.articles.list()
    assert {a.id for a in everything} == set(fake.store.articles)
    sample = next(iter(fake.store.articles.values()))
    of_project = await yt.articles.list(sample.project.short_name)
    assert of_project
    assert all(a.project and a.project.id == sample.project.id for a in of_project)
    assert fake.stats.log[-1].path == f"api/admin/projects/{sample.project.short_name}/articles"


async def test_create_with_short_name_get_update_delete(
    sent: Any, fake: FakeYouTrack, log: Any
) -> None:
    yt, bodies = sent
    project = fake.project("SP")
    created = await yt.articles.create("SP", "How to deploy", content="Run it.")
    assert bodies.last["project"] == {"id": project.id}
    assert ("GET", "api/admin/projects/SP") in log()
    assert isinstance(created, Article)
    assert created.summary == "How to deploy"
    assert created.id_readable is not None
    assert created.id_readable.startswith("SP-A-")

    by_readable = await yt.articles.get(created.id_readable)
    assert by_readable.id == created.id
    assert by_readable.content == "Run it."

    updated = await yt.articles.update(created.id_readable, content="Run it twice.")
    assert updated.content == "Run it twice."
    assert updated.summary == "How to deploy"
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.articles.update(created.id_readable)

    await yt.articles.delete(created.id_readable)
    with pytest.raises(NotFoundError):
        await yt.articles.get(created.id_readable)


async def test_children_and_parent(sent: Any, fake: FakeYouTrack) -> None:
    yt, bodies = sent
    parent = await yt.articles.create(fake.project("SP").id, "Parent")
    assert parent.id_readable is not None
    child = await yt.articles.create("SP", "Child", parent=parent.id_readable)
    assert bodies.last["parentArticle"] == {"idReadable": parent.id_readable}
    assert child.parent_article is not None
    assert child.parent_article.id == parent.id

    children = await yt.articles.children.list(parent.id_readable)
    assert [c.summary for c in children] == ["Child"]
    assert child.id is not None
    assert (await yt.articles.children.get(parent.id_readable, child.id)).summary == "Child"
    up = await yt.articles.parent(child.id or "")
    assert up.id == parent.id


async def test_article_comments_crud(yt: YouTrack, fake: FakeYouTrack) -> None:
    article = next(a for a in fake.store.articles.values() if a.comments)
    key = _readable(article)
    before = await yt.articles.comments.list(key)
    assert [c.id for c in before] == [c.id for c in article.comments]

    added = await yt.articles.comments.add(key, "Nice article")
    assert isinstance(added, ArticleComment)
    assert added.text == "Nice article"
    assert added.id is not None
    assert (await yt.articles.comments.get(key, added.id)).text == "Nice article"

    limited = LimitedVisibility(permitted_groups=[UserGroup(name="QA")])
    changed = await yt.articles.comments.update(key, added.id, "Nicer", visibility=limited)
    assert changed.text == "Nicer"
    assert isinstance(changed.visibility, LimitedVisibility)

    await yt.articles.comments.delete(key, added.id)
    with pytest.raises(NotFoundError):
        await yt.articles.comments.get(key, added.id)


async def test_reactions_on_comments(yt: YouTrack, fake: FakeYouTrack) -> None:
    article = next(a for a in fake.store.articles.values() if a.comments)
    comment = article.comments[0]
    reaction = await yt.articles.comments.reactions.add(article.id, comment.id, reaction="heart")
    assert isinstance(reaction, Reaction)
    assert reaction.reaction == "heart"
    assert reaction.author is not None
    assert reaction.author.login == "root"
    listed = await yt.articles.comments.reactions.list(article.id, comment.id)
    assert [r.reaction for r in listed] == ["heart"]
    shown = await yt.articles.comments.get(_readable(article), comment.id, model=_WithReactions)
    assert [r.reaction for r in shown.reactions or []] == ["heart"]

    issue_comment = fake.add_comment("SP-1", "react to me")
    mine = await yt.issues.reactions.add("SP-1", issue_comment.id, reaction="thumbs-up")
    assert mine.id is not None
    got = await yt.issues.reactions.get("SP-1", issue_comment.id, mine.id)
    assert got.reaction == "thumbs-up"
    async with YouTrack(fake.url, token=fake.token_for("jane.doe")) as jane:
        with pytest.raises(PermissionDeniedError):
            await jane.issues.reactions.remove("SP-1", issue_comment.id, mine.id)
    await yt.issues.reactions.remove("SP-1", issue_comment.id, mine.id)
    assert await yt.issues.reactions.list("SP-1", issue_comment.id) == []
    with pytest.raises(InvalidRequestError, match="reaction"):
        await yt.issues.reactions.add("SP-1", issue_comment.id, reaction="")


async def test_article_attachments_download_through_the_same_rules(
    yt: YouTrack, tmp_path: Path
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"kb bytes", name="kb.txt")
    assert attachment.url is not None
    data = b"".join([c async for c in yt.articles.attachments.download(attachment.url)])
    assert data == b"kb bytes"
    assert await yt.articles.attachments.save(attachment.url, tmp_path / "kb.txt") == 8
    assert (tmp_path / "kb.txt").read_bytes() == b"kb bytes"
    with pytest.raises(InvalidRequestError, match="chunk_size"):
        yt.articles.attachments.download(attachment.url, chunk_size=-1)


async def test_article_tags_add_list_get_remove(yt: YouTrack, fake: FakeYouTrack) -> None:
    article = next(iter(fake.store.articles.values()))
    tag = fake.add_tag("Docs")
    assert await yt.articles.tags.list(article.id) == []
    added = await yt.articles.tags.add(article.id, tag.id)
    assert added.id == tag.id
    assert added.name == "Docs"
    assert [t.name for t in await yt.articles.tags.list(article.id)] == ["Docs"]
    assert (await yt.articles.tags.get(article.id, tag.id)).name == "Docs"
    shown = await yt.articles.get(article.id)
    assert [t.name for t in shown.tags or []] == ["Docs"]
    await yt.articles.tags.remove(article.id, tag.id)
    assert await yt.articles.tags.list(article.id) == []
    with pytest.raises(NotFoundError):
        await yt.articles.tags.remove(article.id, tag.id)


async def test_sub_article_from_an_existing_one(yt: YouTrack, fake: FakeYouTrack) -> None:
    parent = await yt.articles.create("SP", "Guide")
    loose = await yt.articles.create("SP", "Appendix")
    assert parent.id is not None
    assert loose.id is not None
    moved = await yt.articles.children.create(parent.id, body={"id": loose.id})
    assert moved.id == loose.id
    assert fake.store.articles[loose.id].parent is fake.store.articles[parent.id]
    fresh = await yt.articles.children.create(parent.id, body=Article(summary="Glossary"))
    assert [c.summary for c in await yt.articles.children.list(parent.id)] == [
        "Appendix",
        "Glossary",
    ]
    assert fresh.parent_article is not None
    assert fresh.parent_article.id == parent.id


# ---- named, typed path ids and the one declaration style

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

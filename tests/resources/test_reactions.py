"""``yt.issues.reactions`` and ``yt.articles.comments.reactions``: one collection on two
paths, with named path ids."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models.reactions import Reaction
from aioyoutrack.testing import FakeYouTrack


@attrs.define(kw_only=True)
class _Name:
    reaction: str | None = None


async def test_issue_comment_reactions_round_trip(yt: YouTrack, fake: FakeYouTrack) -> None:
    comment = fake.add_comment("SP-1", "nice")
    added = await yt.issues.reactions.add("SP-1", comment.id, "thumbs-up")
    assert isinstance(added, Reaction)
    assert added.reaction == "thumbs-up"
    assert fake.stats.log[-1].path == f"api/issues/SP-1/comments/{comment.id}/reactions"
    assert added.id is not None
    listed = await yt.issues.reactions.list("SP-1", comment.id)
    assert [r.id for r in listed] == [added.id]
    got = await yt.issues.reactions.get("SP-1", comment.id, added.id, model=_Name)
    assert got == _Name(reaction="thumbs-up")
    assert fake.stats.log[-1].query["fields"] == "reaction"
    await yt.issues.reactions.remove("SP-1", comment.id, added.id)
    assert fake.stats.log[-1].method == "DELETE"
    assert await yt.issues.reactions.list("SP-1", comment.id) == []
    with pytest.raises(NotFoundError):
        await yt.issues.reactions.get("SP-1", comment.id, added.id)


async def test_article_comment_reactions_use_the_article_path(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    article = next(iter(fake.store.articles.values()))
    comment_id = article.comments[0].id
    added = await yt.articles.comments.reactions.add(article.id, comment_id, reaction="heart")
    assert fake.stats.log[-1].path == f"api/articles/{article.id}/comments/{comment_id}/reactions"
    names = await yt.articles.comments.reactions.list(article.id, comment_id, model=_Name)
    assert _Name(reaction="heart") in names
    await yt.articles.comments.reactions.remove(article.id, comment_id, added.id or "")
    assert fake.stats.log[-1].path.endswith(f"/reactions/{added.id}")


async def test_bad_arguments_are_refused_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="reaction must not be empty"):
        await yt.issues.reactions.add("SP-1", "4-1", " ")
    with pytest.raises(InvalidRequestError, match="comment_id must not be empty"):
        yt.issues.reactions.list("SP-1", "")
    with pytest.raises(InvalidRequestError, match="reaction_id must be a str"):
        await yt.issues.reactions.remove("SP-1", "4-1", 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.reactions.get("SP-1", "4-1", "1", model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0


@pytest.mark.parametrize("reaction_id", [None, 7, b"1"])
async def test_a_non_str_reaction_id_never_addresses_the_collection(
    yt: YouTrack, fake: FakeYouTrack, reaction_id: object
) -> None:
    comment = fake.add_comment("SP-1", "nice")
    article = next(iter(fake.store.articles.values()))
    sent = len(fake.stats.log)
    with pytest.raises(InvalidRequestError, match="reaction_id must be a str"):
        await yt.issues.reactions.get("SP-1", comment.id, reaction_id)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="reaction_id must be a str"):
        await yt.issues.reactions.remove("SP-1", comment.id, reaction_id)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="reaction_id must be a str"):
        await yt.articles.comments.reactions.get(
            article.id,
            article.comments[0].id,
            reaction_id,  # type: ignore[arg-type]
        )
    assert len(fake.stats.log) == sent

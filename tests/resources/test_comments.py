"""yt.issues.comments: list, get, add, update, delete."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import (
    InvalidRequestError,
    IssueComment,
    LimitedVisibility,
    NotFoundError,
    UserGroup,
    YouTrack,
)
from aioyoutrack.testing import FakeYouTrack


async def test_add_get_update_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    added = await yt.issues.comments.add("SP-8", "Fixed in build 42")
    assert isinstance(added, IssueComment)
    assert added.text == "Fixed in build 42"
    assert added.author is not None
    assert added.author.login == "root"
    assert added.id is not None
    got = await yt.issues.comments.get("SP-8", added.id)
    assert got.text == "Fixed in build 42"
    changed = await yt.issues.comments.update("SP-8", added.id, "Fixed in build 43")
    assert changed.text == "Fixed in build 43"
    assert fake.issue("SP-8").comments[-1].text == "Fixed in build 43"
    await yt.issues.comments.delete("SP-8", added.id)
    with pytest.raises(NotFoundError):
        await yt.issues.comments.get("SP-8", added.id)


async def test_list_every_comment(yt: YouTrack, fake: FakeYouTrack) -> None:
    for index in range(50):
        fake.add_comment("SP-3", f"note {index}")
    expected = [c.text for c in fake.issue("SP-3").comments]
    comments = await yt.issues.comments.list("SP-3", page_size=20)
    assert [c.text for c in comments] == expected
    assert len(expected) >= 50
    assert len(await yt.issues.comments.list("SP-3", limit=7)) == 7


async def test_visibility(yt: YouTrack, fake: FakeYouTrack) -> None:
    group = fake.store.find_group("Developers")
    limited = LimitedVisibility(permitted_groups=[UserGroup(id=group.id)])
    added = await yt.issues.comments.add("SP-9", "team only", visibility=limited)
    assert isinstance(added.visibility, LimitedVisibility)
    assert [g.name for g in added.visibility.permitted_groups or []] == ["Developers"]
    # grace.hall is not a developer: she does not see it.
    async with YouTrack(fake.url, token=fake.token_for("grace.hall")) as grace:
        fake.project("SP").team.members[fake.user("grace.hall")] = None
        texts = [c.text for c in await grace.issues.comments.list("SP-9")]
    assert "team only" not in texts
    assert added.id is not None
    opened = await yt.issues.comments.update(
        "SP-9", added.id, "for all", visibility={"$type": "UnlimitedVisibility"}
    )
    assert opened.text == "for all"


async def test_argument_checks(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.issues.comments.add("SP-1", "   ")
    with pytest.raises(InvalidRequestError):
        await yt.issues.comments.add("SP-1", "x", visibility="everyone")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        await yt.issues.comments.delete("SP-1", "")
    assert fake.stats.requests == 0


async def test_custom_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Text:
        text: str | None = None

    assert await yt.issues.comments.add("SP-1", "hi", model=Text) == Text(text="hi")
    assert fake.stats.log[-1].query["fields"] == "text"
    texts = await yt.issues.comments.list("SP-1", model=Text)
    assert texts[-1] == Text(text="hi")


async def test_a_bad_model_or_notify_looks_no_group_up(yt: YouTrack, fake: FakeYouTrack) -> None:
    # Issue and article comments share one write: both refuse before any lookup.
    shown = LimitedVisibility(permitted_groups=[UserGroup(name="QA")])
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.comments.add("SP-8", "x", visibility=shown, model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.comments.update("SP-8", "4-1", "x", visibility=shown, notify="no")  # type: ignore[arg-type]
    assert fake.stats.requests == 0

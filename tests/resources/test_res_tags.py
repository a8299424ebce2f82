"""yt.tags and yt.issues.tags."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import InvalidRequestError, NotFoundError, Tag, YouTrack
from aioyoutrack.testing import FakeYouTrack


async def test_list_and_query(yt: YouTrack, fake: FakeYouTrack) -> None:
    tags = await yt.tags.list()
    assert [t.name for t in tags] == [t.name for t in fake.store.tags.values()]
    assert all(isinstance(t, Tag) for t in tags)
    found = await yt.tags.list("deploy")
    assert [t.name for t in found] == ["To deploy"]
    assert fake.stats.log[-1].query["query"] == "deploy"


async def test_find_exact_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_tag("deploy")  # "To deploy" also contains it
    found = await yt.tags.find("deploy")
    assert found is not None
    assert found.name == "deploy"
    folded = await yt.tags.find("TO DEPLOY")
    assert folded is not None
    assert folded.name == "To deploy"
    assert await yt.tags.find("deplo") is None


async def test_create_get_update_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.tags.create("Release blocker", untag_on_resolve=True)
    assert created.name == "Release blocker"
    assert created.untag_on_resolve is True
    assert created.owner is not None
    assert created.owner.login == "root"
    assert created.id is not None
    by_id = await yt.tags.get(created.id)
    by_name = await yt.tags.get("Release blocker")
    assert by_id == by_name
    renamed = await yt.tags.update(created.id, name="Blocker", untag_on_resolve=False)
    assert (renamed.name, renamed.untag_on_resolve) == ("Blocker", False)
    await yt.tags.delete(Tag(name="Blocker"))
    assert fake.stats.log[-1].method == "DELETE"
    assert fake.stats.log[-1].path == f"api/tags/{created.id}"
    with pytest.raises(NotFoundError):
        await yt.tags.get(created.id)


async def test_unknown_tag_name(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError, match="no tag named 'Nope'"):
        await yt.tags.get("Nope")
    with pytest.raises(NotFoundError):
        await yt.tags.delete("Nope")


async def test_issue_tags_add_list_remove(yt: YouTrack, fake: FakeYouTrack) -> None:
    before = {t.name for t in await yt.issues.tags.list("SP-20")}
    added = await yt.issues.tags.add("SP-20", "Star")
    assert added.name == "Star"
    post = fake.stats.log[-1]
    assert (post.method, post.path) == ("POST", "api/issues/SP-20/tags")
    names = {t.name for t in await yt.issues.tags.list("SP-20")}
    assert names == before | {"Star"}
    assert "Star" in {t.name for t in fake.issue("SP-20").tags}
    to_deploy = fake.tag("To deploy")
    await yt.issues.tags.add("SP-20", Tag(id=to_deploy.id))
    await yt.issues.tags.remove("SP-20", "Star")
    await yt.issues.tags.remove("SP-20", to_deploy.id)
    assert {t.name for t in fake.issue("SP-20").tags} == before - {"Star", "To deploy"}
    with pytest.raises(NotFoundError):
        await yt.issues.tags.remove("SP-20", to_deploy.id)


async def test_argument_checks(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError):
        await yt.tags.create("")
    with pytest.raises(InvalidRequestError):
        await yt.tags.create("x", untag_on_resolve="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.tags.update("6-0")
    with pytest.raises(InvalidRequestError):
        await yt.issues.tags.add("SP-1", Tag())
    with pytest.raises(InvalidRequestError):
        await yt.issues.tags.add("SP-1", 6)  # type: ignore[arg-type]
    assert fake.stats.requests == 0


async def test_custom_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class TagName:
        name: str | None = None

    @attrs.define(kw_only=True)
    class NoName:
        id: str | None = None

    assert (await yt.tags.list(model=TagName))[0] == TagName(name="Star")
    assert await yt.tags.find("Star", model=TagName) == TagName(name="Star")
    with pytest.raises(InvalidRequestError, match="needs a name"):
        await yt.tags.find("Star", model=NoName)
    assert await yt.issues.tags.add("SP-1", "Star", model=TagName) == TagName(name="Star")

"""yt.tags and yt.issues.tags."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import InvalidRequestError, Issue, NotFoundError, Tag, YouTrack
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


async def test_issues_with_a_tag_by_name_id_or_tag(yt: YouTrack, fake: FakeYouTrack) -> None:
    tag = fake.add_tag("Release blocker")
    for issue in ("SP-3", "DEMO-2", "MOB-5"):
        fake.tag_issue(issue, "Release blocker")
    pager = yt.tags.issues("Release blocker")
    assert list(fake.stats.log) == []  # the name is looked up with the first page
    issues = await pager
    assert sorted(i.id_readable for i in issues) == ["DEMO-2", "MOB-5", "SP-3"]
    assert all(isinstance(i, Issue) for i in issues)
    # (then the projects' field types are read, so that date-and-time values are typed)
    pages = [r for r in fake.stats.log if r.path.endswith("/issues")]
    assert [r.path for r in pages] == [f"api/tags/{tag.id}/issues"]
    by_id = await yt.tags.issues(tag.id, limit=2)
    assert len(by_id) == 2
    by_tag = await yt.tags.issues(Tag(id=tag.id), custom_fields=["Priority"])
    last = [r for r in fake.stats.log if r.path.endswith("/issues")][-1]
    assert last.query_items.count(("customFields", "Priority")) == 1
    assert [{f.name for f in i.custom_fields or []} for i in by_tag] == [{"Priority"}] * 3


async def test_issues_with_a_tag_custom_model_and_errors(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Readable:
        id_readable: str | None = None

    fake.tag_issue("SP-7", "Triage")
    assert await yt.tags.issues("Triage", model=Readable) == [Readable(id_readable="SP-7")]
    assert fake.stats.log[-1].query["fields"] == "idReadable"
    with pytest.raises(NotFoundError, match="no tag named 'Nope'"):
        await yt.tags.issues("Nope")
    with pytest.raises(InvalidRequestError):
        yt.tags.issues(7)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        yt.tags.issues("Triage", custom_fields=[""])


async def test_issue_tag_get(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.tag_issue("SP-9", "Triage")
    tag = await yt.issues.tags.get("SP-9", "Triage")
    assert isinstance(tag, Tag)
    assert tag.name == "Triage"
    assert tag.id is not None
    assert fake.stats.log[-1].path == f"api/issues/SP-9/tags/{tag.id}"
    assert await yt.issues.tags.get("SP-9", tag.id) == tag
    named = await yt.issues.tags.get("SP-9", Tag(id=tag.id), model=NameOnly)
    assert named == NameOnly(name="Triage")
    with pytest.raises(NotFoundError):
        await yt.issues.tags.get("SP-10", tag.id)  # SP-10 does not carry it


@attrs.define(kw_only=True)
class NameOnly:
    name: str | None = None

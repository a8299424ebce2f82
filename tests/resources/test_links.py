"""yt.issues.links (slots by type and direction) and yt.link_types."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import Issue, IssueLink, IssueLinkType
from aioyoutrack.testing import FakeYouTrack


def _linked(fake: FakeYouTrack, issue: str) -> dict[tuple[str, str], list[str]]:
    found = fake.issue(issue).links
    return {
        (fake.store.link_types[type_id].name, direction): [i.id_readable for i in issues]
        for (type_id, direction), issues in found.items()
        if issues
    }


async def test_list_gives_one_slot_per_type_and_direction(yt: YouTrack, fake: FakeYouTrack) -> None:
    # A real server's Depend reads "is required for" from source to target (OUTWARD).
    fake.link("SP-1", "is required for", "SP-2")
    slots = await yt.issues.links.list("SP-1")
    assert all(isinstance(s, IssueLink) for s in slots)
    directed = sum(1 for t in fake.store.link_types.values() if t.directed)
    undirected = len(fake.store.link_types) - directed
    assert len(slots) == 2 * directed + undirected
    depends = [
        s
        for s in slots
        if s.link_type and s.link_type.name == "Depend" and s.direction == "OUTWARD"
    ]
    assert [i.id_readable for i in depends[0].issues or []] == ["SP-2"]
    assert all(s.issues == [] for s in slots if s is not depends[0] and s.direction != "INWARD")


async def test_add_by_name_phrase_and_direction(yt: YouTrack, fake: FakeYouTrack) -> None:
    target = await yt.issues.links.add("SP-1", "Depend", "SP-2")
    assert isinstance(target, Issue)
    assert target.id_readable == "SP-2"
    # Depend's inward phrase on a real server: SP-1 depends on SP-3.
    await yt.issues.links.add("SP-1", "depends on", "SP-3")
    await yt.issues.links.add("SP-1", "depend", "SP-4", direction="inward")
    await yt.issues.links.add("SP-1", "relates to", "SP-5")
    linked = _linked(fake, "SP-1")
    assert linked[("Depend", "OUTWARD")] == ["SP-2"]
    assert linked[("Depend", "INWARD")] == ["SP-3", "SP-4"]
    assert linked[("Relates", "BOTH")] == ["SP-5"]
    # The other side sees the inverse.
    assert _linked(fake, "SP-3")[("Depend", "OUTWARD")] == ["SP-1"]


async def test_add_with_type_object_and_entity_id_target(
    yt: YouTrack, fake: FakeYouTrack, log: Any
) -> None:
    types = await yt.link_types.list()
    duplicate = next(t for t in types if t.name == "Duplicate")
    target_id = fake.issue("SP-6").id
    fake.stats.reset()
    await yt.issues.links.add("SP-1", duplicate, target_id, direction="inward")
    # The type was complete (id and directed): no lookup request, one write.
    assert log() == [("POST", f"api/issues/SP-1/links/{duplicate.id}t/issues")]
    assert _linked(fake, "SP-1")[("Duplicate", "INWARD")] == ["SP-6"]


async def test_issues_of_one_slot(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.link("SP-1", "is required for", "SP-2")
    fake.link("SP-1", "is required for", "SP-7")
    issues = await yt.issues.links.issues("SP-1", "Depend")
    assert [i.id_readable for i in issues] == ["SP-2", "SP-7"]
    assert await yt.issues.links.issues("SP-1", "Depend", direction="inward") == []
    assert await yt.issues.links.issues("SP-1", "depends on") == []
    limited = await yt.issues.links.issues("SP-1", "is required for", limit=1)
    assert [i.id_readable for i in limited] == ["SP-2"]


async def test_get_slot_by_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    depend = next(t for t in fake.store.link_types.values() if t.name == "Depend")
    fake.link("SP-1", "is required for", "SP-2")
    slot = await yt.issues.links.get("SP-1", f"{depend.id}s")
    assert slot.direction == "OUTWARD"
    assert [i.id_readable for i in slot.issues or []] == ["SP-2"]
    with pytest.raises(NotFoundError):
        await yt.issues.links.get("SP-1", "no-such-slot")


async def test_remove(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.link("SP-1", "depends on", "SP-2")
    fake.link("SP-1", "relates to", "SP-3")
    await yt.issues.links.remove("SP-1", "Depend", "SP-2", direction="inward")
    await yt.issues.links.remove("SP-1", "Relates", fake.issue("SP-3"))  # an Issue target
    assert _linked(fake, "SP-1") == {}
    with pytest.raises(NotFoundError):
        await yt.issues.links.remove("SP-1", "depends on", "SP-2")


async def test_bad_link_arguments_write_nothing(yt: YouTrack, fake: FakeYouTrack, log: Any) -> None:
    with pytest.raises(InvalidRequestError, match="no issue link type"):
        await yt.issues.links.add("SP-1", "frobnicates", "SP-2")
    with pytest.raises(InvalidRequestError, match="undirected"):
        await yt.issues.links.add("SP-1", "Relates", "SP-2", direction="outward")
    with pytest.raises(InvalidRequestError, match="directed"):
        await yt.issues.links.add("SP-1", "Depend", "SP-2", direction="both")
    with pytest.raises(InvalidRequestError, match="is inward"):
        await yt.issues.links.add("SP-1", "depends on", "SP-2", direction="outward")
    with pytest.raises(InvalidRequestError, match="direction must be"):
        await yt.issues.links.add("SP-1", "Depend", "SP-2", direction="up")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="target"):
        await yt.issues.links.add("SP-1", "Depend", 17)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="link_type"):
        await yt.issues.links.add("SP-1", 3, "SP-2")  # type: ignore[arg-type]
    assert log("POST") == []


async def test_link_types_are_cached_and_refetched_on_a_miss(
    yt: YouTrack, fake: FakeYouTrack, log: Any
) -> None:
    await yt.issues.links.add("SP-1", "Depend", "SP-2")
    await yt.issues.links.add("SP-1", "Relates", "SP-3")
    assert [p for m, p in log("GET")] == ["api/issueLinkTypes"]
    await yt.link_types.create("Blocks", outward="blocks", inward="is blocked by")
    await yt.issues.links.add("SP-1", "blocks", "SP-4")
    assert [p for m, p in log("GET")] == ["api/issueLinkTypes", "api/issueLinkTypes"]
    assert _linked(fake, "SP-1")[("Blocks", "OUTWARD")] == ["SP-4"]


async def test_link_type_crud(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.link_types.create("Clones", outward="clones", inward="is cloned by")
    assert isinstance(created, IssueLinkType)
    assert created.directed is True
    assert created.target_to_source == "is cloned by"
    assert created.id is not None
    undirected = await yt.link_types.create("Sibling", outward="is sibling of")
    assert undirected.directed is False

    got = await yt.link_types.get(created.id)
    assert got.name == "Clones"
    updated = await yt.link_types.update(created.id, body={"name": "Copies"})
    assert updated.name == "Copies"
    updated = await yt.link_types.update(created.id, body=IssueLinkType(source_to_target="copies"))
    assert updated.source_to_target == "copies"
    names = [t.name for t in await yt.link_types.list()]
    assert "Copies" in names
    assert "Sibling" in names

    await yt.link_types.delete(created.id)
    assert created.id not in fake.store.link_types
    with pytest.raises(NotFoundError):
        await yt.link_types.get(created.id)


# ---- named, typed path ids and the one declaration style


async def test_link_types_by_named_type_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.link_types.create("Mirrors", outward="mirrors", inward="is mirrored by")
    assert created.id is not None
    got = await yt.link_types.get(type_id=created.id, params={"fields": "name"})
    assert got.name == "Mirrors"
    assert got.id is None
    renamed = await yt.link_types.update(created.id, body={"name": "Reflects"}, notify=True)
    assert renamed.name == "Reflects"
    await yt.link_types.delete(type_id=created.id)
    with pytest.raises(NotFoundError):
        await yt.link_types.get(created.id)


async def test_slot_issues_look_the_type_up_at_the_first_page_only(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fake.link("SP-1", "is required for", "SP-2")
    pager = yt.issues.links.issues("SP-1", "frobnicates")  # nothing sent yet
    assert fake.stats.requests == 0
    with pytest.raises(InvalidRequestError, match="no issue link type"):
        await pager
    issues = await yt.issues.links.issues("SP-1", "Depend", page_size=1)
    assert [i.id_readable for i in issues] == ["SP-2"]
    paths = [r.path for r in fake.stats.log if r.method == "GET"]
    # One lookup of the types per miss, then the pages of the slot.
    assert paths.count("api/issueLinkTypes") == 2
    assert any(p.startswith("api/issues/SP-1/links/") for p in paths)


async def test_bad_ids_are_refused_before_the_link_types_are_read(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    bad: Any = 7
    with pytest.raises(InvalidRequestError, match="issue_id must be a str"):
        await yt.issues.links.add(bad, "Depend", "SP-2")
    with pytest.raises(InvalidRequestError, match="issue_id must not be empty"):
        yt.issues.links.issues("", "Depend")
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.links.add("SP-1", "Depend", "SP-2", model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0

"""yt.issues.links and yt.link_types declared the one way."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.testing import FakeYouTrack


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

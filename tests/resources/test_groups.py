"""yt.groups: a group by id or by name."""

from __future__ import annotations

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.resources._names import Name, group_id, named
from aioyoutrack.testing import FakeYouTrack


def test_named_passes_ids_and_wraps_names() -> None:
    assert named(group_id, "group_id", "3-1") == "3-1"
    wrapped = named(group_id, "group_id", "QA")
    assert isinstance(wrapped, Name)
    assert wrapped.value == "QA"
    with pytest.raises(InvalidRequestError, match="group_id must not be empty"):
        named(group_id, "group_id", "")


async def test_a_group_by_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    qa = fake.store.find_group("QA")
    got = await yt.groups.get("QA")
    assert got.id == qa.id
    assert [r.path for r in fake.stats.log] == ["api/groups", f"api/groups/{qa.id}"]

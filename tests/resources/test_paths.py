"""Ids are percent-encoded as whole path segments: no id can change the path."""

from __future__ import annotations

import pytest

from aioyoutrack import InvalidRequestError, NotFoundError, YouTrack
from aioyoutrack.resources._base import api_path
from aioyoutrack.testing import FakeYouTrack

# id -> how it must travel as one path segment
ODD_IDS = {
    "a/b": "a%2Fb",
    "..": "%2E%2E",
    "../admin": "..%2Fadmin",
    ".": "%2E",
    "x?y=1": "x%3Fy%3D1",
    "x#y": "x%23y",
    "a b": "a%20b",
    "ünï-1": "%C3%BCn%C3%AF-1",
    "%2F": "%252F",
    "SP-1/comments": "SP-1%2Fcomments",
}


@pytest.mark.parametrize(("raw", "encoded"), ODD_IDS.items())
async def test_issue_ids_are_encoded(
    yt: YouTrack, fake: FakeYouTrack, raw: str, encoded: str
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await yt.issues.get(raw)
    # The entity lookup failed, for exactly this id: the route itself was found.
    assert caught.value.error_description == f"Entity with id {raw} not found"
    record = fake.stats.log[-1]
    assert record.raw_path == f"api/issues/{encoded}"
    assert record.path == f"api/issues/{raw}"
    assert "y" not in record.query  # nothing leaked into the query string


async def test_every_resource_encodes_its_ids(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.users.get("../admin")
    assert fake.stats.log[-1].raw_path == "api/users/..%2Fadmin"
    with pytest.raises(NotFoundError):
        await yt.projects.get("SP/customFields")
    assert fake.stats.log[-1].raw_path == "api/admin/projects/SP%2FcustomFields"
    with pytest.raises(NotFoundError):
        await yt.issues.comments.get("SP-1", "4-1?fields=text")
    assert fake.stats.log[-1].raw_path == "api/issues/SP-1/comments/4-1%3Ffields%3Dtext"
    with pytest.raises(NotFoundError):
        await yt.issues.delete("SP-1 ")
    assert (fake.stats.log[-1].method, fake.stats.log[-1].raw_path) == (
        "DELETE",
        "api/issues/SP-1%20",
    )
    with pytest.raises(NotFoundError):
        await yt.issues.custom_fields.list("x#y")
    assert fake.stats.log[-1].raw_path == "api/issues/x%23y/customFields"
    with pytest.raises(NotFoundError):
        await yt.issues.tags.remove("SP-1", "6-999")
    assert fake.stats.log[-1].raw_path == "api/issues/SP-1/tags/6-999"
    assert fake.issue("SP-1") is not None  # nothing was deleted by a stray path


def test_api_path_encodes_one_id_or_several_each_as_a_segment() -> None:
    assert api_path("issues/{}", "SP-8") == "api/issues/SP-8"
    assert api_path("issues/{}", "a/b") == "api/issues/a%2Fb"
    assert api_path("issues/{}/comments/{}", "..", "4 17") == "api/issues/%2E%2E/comments/4%2017"
    # Ids are turned into text first (entity ids are str, but an int is no harm).
    assert api_path("agiles/{}/sprints/{}", 7, "8") == "api/agiles/7/sprints/8"  # type: ignore[arg-type]
    assert api_path("agiles/{}", 7) == "api/agiles/7"  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="must not be empty"):
        api_path("issues/{}", "")

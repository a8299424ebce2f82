"""yt.issues.attachments and yt.articles.attachments declared the one way: the same
download and update rules, shared rather than written twice."""

from __future__ import annotations

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.testing import FakeYouTrack


async def test_download_arguments_are_checked_when_asked_for(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    for download in (yt.issues.attachments.download, yt.articles.attachments.download):
        with pytest.raises(InvalidRequestError, match="chunk_size must be a positive int"):
            download("/api/files/7-0?sign=x", chunk_size=0)
        with pytest.raises(InvalidRequestError, match="is an attachment id: pass"):
            download("7-0")
    assert fake.stats.requests == 0


async def test_issue_attachment_update_by_named_ids(yt: YouTrack, fake: FakeYouTrack) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"abc", name="a.txt")
    assert attachment.id is not None
    renamed = await yt.issues.attachments.update("SP-1", attachment_id=attachment.id, name="b.txt")
    assert renamed.name == "b.txt"
    fetched = await yt.issues.attachments.get(issue_id="SP-1", attachment_id=attachment.id)
    assert fetched.name == "b.txt"
    with pytest.raises(InvalidRequestError, match="nothing to update: pass name= or body="):
        await yt.issues.attachments.update("SP-1", attachment.id)
    with pytest.raises(InvalidRequestError, match="attachment_id must not be empty"):
        await yt.issues.attachments.delete("SP-1", "")

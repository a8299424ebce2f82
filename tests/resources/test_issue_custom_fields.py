"""yt.issues.custom_fields declared the one way: arguments refused before the project
schema is read."""

from __future__ import annotations

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.testing import FakeYouTrack


async def test_bad_arguments_send_nothing(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.custom_fields.set("SP-1", "Priority", "Major", notify=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.custom_fields.get("SP-1", "Priority", model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="issue_id must not be empty"):
        yt.issues.custom_fields.list(" ")
    assert fake.stats.requests == 0


async def test_get_by_name_and_by_settings_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    by_name = await yt.issues.custom_fields.get("SP-1", "Priority")
    settings = await yt.projects.custom_fields("SP")
    [settings_id] = [s.id for s in settings if s.field and s.field.name == "Priority"]
    assert settings_id is not None
    by_id = await yt.issues.custom_fields.get("SP-1", field=settings_id)
    assert by_id.name == by_name.name == "Priority"
    assert fake.stats.log[-1].path == f"api/issues/SP-1/customFields/{settings_id}"

"""``yt.issues.vcs_changes``, ``.project``, ``.sprints`` and ``.time_tracking``."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import Project, Sprint
from aioyoutrack.models.activities import VcsChange
from aioyoutrack.models.time_tracking import IssueTimeTracker
from aioyoutrack.testing import FakeYouTrack


@attrs.define(kw_only=True)
class _Text:
    text: str | None = None


async def test_vcs_changes_round_trip(yt: YouTrack, fake: FakeYouTrack) -> None:
    body = {"text": "Fix the crash", "version": "0123abcd"}
    created = await yt.issues.vcs_changes.create("SP-1", body=body, notify=False)
    assert isinstance(created, VcsChange)
    assert created.id is not None
    write = fake.stats.log[-1]
    assert (write.method, write.path) == ("POST", "api/issues/SP-1/vcsChanges")
    assert write.query["muteUpdateNotifications"] == "true"
    assert [c.id for c in await yt.issues.vcs_changes.list("SP-1")] == [created.id]
    updated = await yt.issues.vcs_changes.update(
        "SP-1", created.id, body={"text": "Fix it"}, model=_Text
    )
    assert updated == _Text(text="Fix it")
    assert "muteUpdateNotifications" not in fake.stats.log[-1].query
    got = await yt.issues.vcs_changes.get("SP-1", created.id, params={"fields": "text"})
    assert got.text == "Fix it"
    assert got.id is None
    await yt.issues.vcs_changes.delete("SP-1", created.id)
    with pytest.raises(NotFoundError):
        await yt.issues.vcs_changes.get("SP-1", created.id)


async def test_sprints_and_time_tracking(yt: YouTrack, fake: FakeYouTrack) -> None:
    sprints = await yt.issues.sprints.list("SP-1", page_size=3)
    assert all(isinstance(s, Sprint) for s in sprints)
    assert fake.stats.log[-1].path == "api/issues/SP-1/sprints"
    assert fake.stats.log[-1].query["$top"] == "3"
    tracker = await yt.issues.time_tracking.get("SP-1")
    assert isinstance(tracker, IssueTimeTracker)
    assert fake.stats.log[-1].path == "api/issues/SP-1/timeTracking"


async def test_project_get_move_and_raw_update(yt: YouTrack, fake: FakeYouTrack) -> None:
    project = await yt.issues.project.get("SP-1")
    assert isinstance(project, Project)
    assert project.short_name == "SP"
    issue_id = fake.issue("SP-1").id
    moved = await yt.issues.project.move(issue_id, "DEMO", notify=False)
    assert moved.short_name == "DEMO"
    write = fake.stats.log[-1]
    assert (write.method, write.path) == ("POST", f"api/issues/{issue_id}/project")
    assert write.query["muteUpdateNotifications"] == "true"
    back = await yt.issues.project.update(issue_id, body={"id": "0-0"})
    assert back.short_name == "SP"


async def test_bad_arguments_are_refused_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="change_id must not be empty"):
        await yt.issues.vcs_changes.get("SP-1", " ")
    with pytest.raises(InvalidRequestError, match="body"):
        await yt.issues.vcs_changes.create("SP-1", body="text=x")
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.project.move("SP-1", "DEMO", notify="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="issue_id must be a str"):
        yt.issues.sprints.list(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.project.move("SP-1", "DEMO", model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0

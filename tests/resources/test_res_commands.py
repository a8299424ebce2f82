"""yt.commands.apply."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import (
    CommandList,
    InvalidRequestError,
    Issue,
    LimitedVisibility,
    ServerError,
    UnlimitedVisibility,
    UserGroup,
    YouTrack,
)
from aioyoutrack.models import CommandLimitedVisibility
from aioyoutrack.testing import FakeYouTrack


async def test_apply_by_readable_and_database_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    other = fake.issue("SP-4")
    result = await yt.commands.apply("State Fixed", issues=["SP-3", other.id])
    assert isinstance(result, CommandList)
    assert result.commands
    assert not any(c.error for c in result.commands)
    assert [i.id_readable for i in result.issues or []] == ["SP-3", "SP-4"]
    assert fake.issue("SP-3").value_of("State") == "Fixed"
    assert other.value_of("State") == "Fixed"


async def test_apply_tag_and_assign(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.commands.apply("tag Regression for jane.doe", issues="SP-8")
    issue = fake.issue("SP-8")
    assert "regression" in {t.name.lower() for t in issue.tags}
    assert issue.value_of("Assignee") == "jane.doe"


async def test_apply_with_issue_objects(yt: YouTrack, fake: FakeYouTrack) -> None:
    issue = await yt.issues.get("MOB-2")
    await yt.commands.apply("Priority Critical", issues=[issue, Issue(id_readable="MOB-3")])
    assert fake.issue("MOB-2").value_of("Priority") == "Critical"
    assert fake.issue("MOB-3").value_of("Priority") == "Critical"


async def test_comment_silent_and_visibility(yt: YouTrack, fake: FakeYouTrack) -> None:
    group = fake.store.find_group("Developers")
    await yt.commands.apply(
        "",
        issues=["SP-6"],
        comment="restricted",
        silent=True,
        visibility=LimitedVisibility(permitted_groups=[UserGroup(id=group.id)]),
    )
    comment = fake.issue("SP-6").comments[-1]
    assert comment.text == "restricted"
    assert [g.name for g in comment.visibility.groups] == ["Developers"]


async def test_request_body(sent: tuple[YouTrack, Any], fake: FakeYouTrack) -> None:
    yt, recorder = sent
    fake.faults.add("api/commands", status=500, when="after", times=1)
    with pytest.raises(ServerError) as caught:
        await yt.commands.apply(
            "State Open",
            issues=["SP-1", "2-5"],
            comment="why",
            silent=True,
            visibility=LimitedVisibility(permitted_groups=[UserGroup(id="3-1")]),
        )
    assert recorder.last == {
        "query": "State Open",
        "issues": [{"idReadable": "SP-1"}, {"id": "2-5"}],
        "comment": "why",
        "silent": True,
        "visibility": {
            "$type": "CommandLimitedVisibility",
            "permittedGroups": [{"id": "3-1", "$type": "UserGroup"}],
        },
    }
    # A command is a write: never resent, and it may have been applied.
    assert caught.value.may_have_been_applied
    assert fake.stats.by_path["api/commands"] == 1
    assert "commands(" in fake.stats.log[-1].query["fields"]


async def test_command_visibility_kinds(sent: tuple[YouTrack, Any]) -> None:
    yt, recorder = sent
    await yt.commands.apply(
        "",
        issues=["SP-1"],
        comment="c",
        visibility=CommandLimitedVisibility(permitted_groups=[UserGroup(name="QA")]),
    )
    assert recorder.last["visibility"] == {
        "$type": "CommandLimitedVisibility",
        "permittedGroups": [{"name": "QA", "$type": "UserGroup"}],
    }
    await yt.commands.apply("", issues=["SP-1"], comment="c", visibility=UnlimitedVisibility())
    assert recorder.last["visibility"] == {"$type": "CommandUnlimitedVisibility"}
    assert "silent" not in recorder.last


async def test_empty_body_gives_none(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.faults.add("api/commands", status=200, body=b"", content_type="application/json")
    assert await yt.commands.apply("State Open", issues=["SP-1"]) is None


async def test_argument_checks(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="at least one issue"):
        await yt.commands.apply("State Open", issues=[])
    with pytest.raises(InvalidRequestError, match="empty"):
        await yt.commands.apply("  ", issues=["SP-1"])
    with pytest.raises(InvalidRequestError):
        await yt.commands.apply("State Open", issues=[Issue()])
    with pytest.raises(InvalidRequestError):
        await yt.commands.apply("State Open", issues=["SP-1"], silent="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        await yt.commands.apply("State Open", issues=[17])  # type: ignore[list-item]
    assert fake.stats.requests == 0

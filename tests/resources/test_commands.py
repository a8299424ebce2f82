"""yt.commands.apply."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from aioyoutrack import (
    CommandList,
    InvalidRequestError,
    Issue,
    LimitedVisibility,
    RetryPolicy,
    ServerError,
    UnlimitedVisibility,
    UserGroup,
    YouTrack,
)
from aioyoutrack.models import CommandLimitedVisibility, Suggestion
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
            "permittedGroups": [{"id": "3-1"}],  # as sample 027 sends it
        },
    }
    # A command is a write: never resent, and it may have been applied.
    assert caught.value.may_have_been_applied
    assert fake.stats.by_path["api/commands"] == 1
    assert "commands(" in fake.stats.log[-1].query["fields"]


async def test_command_visibility_kinds(sent: tuple[YouTrack, Any]) -> None:
    yt, recorder = sent
    qa = [g.id async for g in yt.groups.list() if g.name == "QA"]
    await yt.commands.apply(
        "",
        issues=["SP-1"],
        comment="c",
        visibility=CommandLimitedVisibility(permitted_groups=[UserGroup(name="QA")]),
    )
    assert recorder.last["visibility"] == {  # a group by name is sent by its id
        "$type": "CommandLimitedVisibility",
        "permittedGroups": [{"id": qa[0]}],
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


# --- completion (POST /api/commands/assist) -----------------------------------------


async def test_assist_request_against_the_fake(
    sent: tuple[YouTrack, Any], fake: FakeYouTrack
) -> None:
    yt, recorder = sent
    other = fake.issue("SP-4")
    result = await yt.commands.assist("State F", issues=["SP-3", Issue(id=other.id)])
    assert recorder.last == {
        "query": "State F",
        "caret": 7,
        "issues": [{"idReadable": "SP-3"}, {"id": other.id}],
    }
    assert isinstance(result, CommandList)
    assert result.query == "State F"
    assert fake.issue("SP-3").value_of("State") != "F"  # nothing applied
    assert fake.stats.log[-1].path == "api/commands/assist"
    assert "suggestions(" in fake.stats.log[-1].query["fields"]
    await yt.commands.assist("for ", caret=0)
    assert recorder.last == {"query": "for ", "caret": 0}  # no issues: none sent
    with pytest.raises(InvalidRequestError, match="caret must be an int from 0 to 3"):
        await yt.commands.assist("for", caret=4)
    with pytest.raises(InvalidRequestError, match="issues must be ids"):
        await yt.commands.assist("for", issues=3)  # type: ignore[arg-type]
    assert fake.stats.by_path["api/commands/assist"] == 2


#: A CommandList as the spec describes the answer of /api/commands/assist (its default
#: ``fields`` names these attributes); the fake answers none (FakeYouTrack offers no
#: suggestions), so a loopback server gives it.
_ASSIST_ANSWER = {
    "$type": "CommandList",
    "query": "State F",
    "caret": 7,
    "commands": [
        {"$type": "ParsedCommand", "id": "c1", "description": "Unknown value F", "error": True}
    ],
    "issues": [{"$type": "Issue", "id": "2-3", "idReadable": "SP-3", "numberInProject": 3}],
    "suggestions": [
        {
            "$type": "Suggestion",
            "id": "s1",
            "option": "Fixed",
            "prefix": "",
            "suffix": " ",
            "description": "State",
            "completionStart": 6,
            "completionEnd": 7,
            "matchingStart": 6,
            "matchingEnd": 7,
            "caret": 12,
        }
    ],
}


async def test_assist_structures_suggestions_and_retries_like_a_read() -> None:
    calls: list[Any] = []

    async def assist(request: web.Request) -> web.Response:
        calls.append(await request.json())
        if len(calls) == 1:
            return web.json_response({"error": "busy"}, status=503)
        return web.json_response(_ASSIST_ANSWER)

    app = web.Application()
    app.router.add_post("/api/commands/assist", assist)
    async with (
        TestServer(app, host="127.0.0.1") as server,
        YouTrack(
            str(server.make_url("/")),
            token="perm:test",
            retry=RetryPolicy(backoff_initial=0.001, backoff_max=0.002),
        ) as yt,
    ):
        result = await yt.commands.assist("State F", issues="SP-3")
    assert len(calls) == 2  # completion changes nothing: a 503 is retried
    (suggestion,) = result.suggestions or []
    assert isinstance(suggestion, Suggestion)
    query = "State F"
    completed = (
        query[: suggestion.completion_start]
        + (suggestion.prefix or "")
        + (suggestion.option or "")
        + (suggestion.suffix or "")
        + query[suggestion.completion_end :]
    )
    assert (completed, suggestion.caret) == ("State Fixed ", 12)
    assert result.commands is not None
    assert result.commands[0].error is True
    assert [i.id_readable for i in result.issues or []] == ["SP-3"]


# ---- named, typed path ids and the one declaration style


@attrs.define(kw_only=True)
class _Parsed:
    query: str | None = None


async def test_apply_structures_the_answer_into_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    result = await yt.commands.apply("State Fixed", issues=["SP-3"], model=_Parsed)
    assert result == _Parsed(query="State Fixed")
    assert fake.stats.log[-1].query["fields"] == "query"
    assert fake.issue("SP-3").value_of("State") == "Fixed"


async def test_apply_refuses_a_bad_model_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.commands.apply("State Fixed", issues=["SP-3"], model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0

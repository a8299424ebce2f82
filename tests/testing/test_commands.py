"""Commands: ``POST /api/commands``."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack


async def _command(api: Any, query: str, *issues: str, **extra: Any) -> Any:
    refs = [
        {"idReadable": key} if "-" in key and not key[0].isdigit() else {"id": key}
        for key in issues
    ]
    return await api.post("api/commands", {"query": query, "issues": refs, **extra})


async def test_field_value_and_empty_body(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", State="Open")
    reply = await _command(api, "State Fixed", "SP-1")
    assert reply.status == 200
    assert reply.raw == b""
    assert fake.issue("SP-1").value_of("State") == "Fixed"
    assert fake.issue("SP-1").resolved is not None


async def test_bare_value_by_database_id(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", State="Open")
    await _command(api, "Fixed", fake.issue("SP-1").id)
    assert fake.issue("SP-1").value_of("State") == "Fixed"


async def test_tag_and_assign_several_issues(api: Any, fake: FakeYouTrack) -> None:
    reply = await _command(api, "tag To deploy for jane.doe", "SP-1", "SP-2", "SP-3")
    assert reply.status == 200
    for key in ("SP-1", "SP-2", "SP-3"):
        issue = fake.issue(key)
        assert issue.value_of("Assignee") == "jane.doe"
        assert fake.tag("To deploy") in issue.tags


async def test_new_tag_and_untag(api: Any, fake: FakeYouTrack) -> None:
    await _command(api, "tag shiny", "SP-1")
    assert fake.tag("shiny") in fake.issue("SP-1").tags
    await _command(api, "untag shiny", "SP-1")
    assert fake.tag("shiny") not in fake.issue("SP-1").tags
    await _command(api, "tag shiny", "SP-1")
    await _command(api, "remove tag shiny", "SP-1")
    assert fake.tag("shiny") not in fake.issue("SP-1").tags


async def test_for_me_with_restricted_comment(api: Any, fake: FakeYouTrack) -> None:
    qa = fake.store.find_group("QA")
    reply = await api.post(
        "api/commands",
        {
            "query": "for me ",
            "issues": [{"idReadable": "SP-1"}],
            "silent": False,
            "comment": "Still cannot reproduce.",
            "visibility": {"$type": "CommandLimitedVisibility", "permittedGroups": [{"id": qa.id}]},
        },
    )
    assert reply.status == 200
    issue = fake.issue("SP-1")
    assert issue.value_of("Assignee") == "root"
    comment = issue.comments[-1]
    assert comment.text == "Still cannot reproduce."
    assert comment.visibility.groups == [qa]
    # Someone outside QA (and not the author) cannot see it.
    jane = api.as_user(fake.token_for("jane.doe"))
    texts = [c["text"] for c in (await jane.get("api/issues/SP-1/comments", fields="text")).body]
    assert "Still cannot reproduce." not in texts


async def test_multi_value_field_by_singular_name(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", Fix_versions=["1.0"])
    await _command(api, "Fix version 2.0", "SP-1")
    assert fake.issue("SP-1").value_of("Fix versions") == ["1.0", "2.0"]
    await _command(api, "remove Fix versions 1.0", "SP-1")
    assert fake.issue("SP-1").value_of("Fix versions") == ["2.0"]


async def test_link_phrases(api: Any, fake: FakeYouTrack) -> None:
    await _command(api, "relates to SP-2", "SP-1")
    await _command(api, "depends on SP-3 SP-4", "SP-1")
    one, two = fake.issue("SP-1"), fake.issue("SP-2")
    relates = fake.store.find_link_type("Relates")
    depend = fake.store.find_link_type("Depend")
    assert two in one.links[(relates.id, "BOTH")]
    assert one in two.links[(relates.id, "BOTH")]
    # "depends on" is Depend's targetToSource on a real server: SP-1 is on the INWARD side.
    assert [i.id_readable for i in one.links[(depend.id, "INWARD")]][-2:] == ["SP-3", "SP-4"]
    assert one in fake.issue("SP-3").links[(depend.id, "OUTWARD")]
    await _command(api, "remove relates to SP-2", "SP-1")
    assert two not in one.links[(relates.id, "BOTH")]


async def test_several_commands_and_period(api: Any, fake: FakeYouTrack) -> None:
    await _command(api, "Priority Critical Estimation 1d 4h State {In Progress}", "SP-1")
    issue = fake.issue("SP-1")
    assert issue.value_of("Priority") == "Critical"
    assert issue.value_of("Estimation") == 720
    assert issue.value_of("State") == "In Progress"


async def test_fields_echo_the_command(api: Any) -> None:
    reply = await api.post(
        "api/commands",
        {"query": "Priority Major", "issues": [{"idReadable": "SP-1"}]},
        fields="query,issues(idReadable),commands(description,error)",
    )
    assert reply.body == {
        "query": "Priority Major",
        "issues": [{"idReadable": "SP-1", "$type": "Issue"}],
        "commands": [{"description": "Priority Major", "error": False, "$type": "ParsedCommand"}],
        "$type": "CommandList",
    }


@pytest.mark.parametrize(
    "query",
    [
        "gibberish words",
        "State Nonsense",
        "for nobody.at.all",
        "relates to",
        "untag unknowntag",
        "Team QA",
        "Priority",
    ],
)
async def test_invalid_commands_change_nothing(api: Any, fake: FakeYouTrack, query: str) -> None:
    before = dict(fake.issue("SP-1").values)
    reply = await _command(api, query, "SP-1")
    assert reply.status == 400
    assert reply.body["error"] == "bad_request"
    assert fake.issue("SP-1").values == before


async def test_command_is_all_or_nothing_across_issues(api: Any, fake: FakeYouTrack) -> None:
    # MOB has no Subsystem field: nothing may change, not even on SP-1.
    before = fake.issue("SP-1").value_of("Subsystem")
    reply = await _command(api, "Subsystem Backend", "SP-1", "MOB-1")
    assert reply.status == 400
    assert fake.issue("SP-1").value_of("Subsystem") == before


async def test_comment_only_command(api: Any, fake: FakeYouTrack) -> None:
    count = len(fake.issue("SP-1").comments)
    reply = await api.post(
        "api/commands", {"query": "", "comment": "Just a note", "issues": [{"idReadable": "SP-1"}]}
    )
    assert reply.status == 200
    assert len(fake.issue("SP-1").comments) == count + 1


async def test_command_request_errors(api: Any, fake: FakeYouTrack) -> None:
    assert (await api.post("api/commands", {"query": "Fixed", "issues": []})).status == 400
    assert (await api.post("api/commands", {"query": "Fixed"})).status == 400
    missing = await api.post("api/commands", {"query": "Fixed", "issues": [{"id": "2-9999"}]})
    assert missing.status == 404
    token = fake.add_user("zoe", projects=["DEMO"])
    zoe = api.as_user(token)
    denied = await zoe.post("api/commands", {"query": "Fixed", "issues": [{"idReadable": "SP-1"}]})
    assert denied.status == 403
    allowed = await zoe.post(
        "api/commands", {"query": "Fixed", "issues": [{"idReadable": "DEMO-1"}]}
    )
    assert allowed.status == 200
    assert fake.issue("DEMO-1").value_of("State") == "Fixed"


async def test_for_works_without_aliases(api: Any, fake: FakeYouTrack) -> None:
    assignee = fake.store.find_field("Assignee")
    assignee.aliases = None
    await _command(api, "for john.doe", "SP-1")
    assert fake.issue("SP-1").value_of("Assignee") == "john.doe"

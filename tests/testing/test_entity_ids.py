"""A request body naming an entity by an ``id`` that is no YouTrack entity id (a Hub
ring id, a UUID) gets the 400 of a real server's generic entity-id parser (sample 036:
"Invalid structure of entity id: <value>"), wherever the reference is; what YouTrack
takes instead of an id (readable ids, logins, names) keeps working, and a well-formed
id of nothing stays a 404."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack

UUID = "039de813-e6e5-4b14-9d55-1361df908adf"


def _invalid(value: str) -> dict[str, str]:
    return {"error": "bad_request", "error_description": f"Invalid structure of entity id: {value}"}


def _field(name: str, wire_type: str, value: Any) -> dict[str, Any]:
    return {"customFields": [{"name": name, "$type": wire_type, "value": value}]}


#: (path, body) of writes that name an entity by ``{"id": UUID}`` somewhere in the body.
CASES: dict[str, tuple[str, Any]] = {
    "issue tag": ("api/issues/SP-5/tags", {"id": UUID}),
    "command issue": ("api/commands", {"query": "tag Regression", "issues": [{"id": UUID}]}),
    "linked issue": ("api/issues/SP-3/links/9-0/issues", {"id": UUID}),
    "enum value": (
        "api/issues/SP-3",
        _field("Priority", "SingleEnumIssueCustomField", {"id": UUID}),
    ),
    "user value": (
        "api/issues/SP-3",
        _field("Assignee", "SingleUserIssueCustomField", {"id": UUID}),
    ),
    "custom field": ("api/issues/SP-3", {"customFields": [{"id": UUID, "$type": "X"}]}),
    "created issue's tag": (
        "api/issues",
        {"project": {"id": "0-0"}, "summary": "s", "tags": [{"id": UUID}]},
    ),
    "reporter": (
        "api/issues",
        {"project": {"id": "0-0"}, "summary": "s", "reporter": {"id": UUID}},
    ),
    "visibility group": (
        "api/issues/SP-3/comments",
        {
            "text": "t",
            "visibility": {"$type": "LimitedVisibility", "permittedGroups": [{"id": UUID}]},
        },
    ),
    "work item type": (
        "api/issues/SP-3/timeTracking/workItems",
        {"duration": {"minutes": 5}, "type": {"id": UUID}},
    ),
    "work item author": (
        "api/issues/SP-3/timeTracking/workItems",
        {"duration": {"minutes": 5}, "author": {"id": UUID}},
    ),
    "project leader": ("api/admin/projects/SP", {"leader": {"id": UUID}}),
    "project field": ("api/admin/projects/SP/customFields", {"field": {"id": UUID}}),
    "article tag": ("api/articles/SP-A-1/tags", {"id": UUID}),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_uuid_as_an_entity_id_is_a_bad_request(api: Any, case: str) -> None:
    path, body = CASES[case]
    reply = await api.post(path, body)
    assert (reply.status, reply.body) == (400, _invalid(UUID)), case


async def test_a_ring_id_names_a_user_only_as_ring_id(api: Any, fake: FakeYouTrack) -> None:
    # semantics.md (Users): a ring id is the Hub id, never a YouTrack entity id.
    ring = fake.user("jane.doe").ring_id
    as_id = await api.post(
        "api/issues/SP-3", _field("Assignee", "SingleUserIssueCustomField", {"id": ring})
    )
    assert (as_id.status, as_id.body) == (400, _invalid(ring))
    as_ring = await api.post(
        "api/issues/SP-3", _field("Assignee", "SingleUserIssueCustomField", {"ringId": ring})
    )
    assert as_ring.status == 200
    assert fake.issue("SP-3").value_of("Assignee") == "jane.doe"
    leader = await api.post("api/admin/projects/SP", {"leader": {"id": ring}})
    assert (leader.status, leader.body) == (400, _invalid(ring))


async def test_a_ring_id_reporter_creates_nothing(api: Any, fake: FakeYouTrack) -> None:
    before = len(fake.store.issues)
    ring = fake.user("root").ring_id
    body = {"project": {"id": "0-0"}, "summary": "s", "reporter": {"id": ring}}
    reply = await api.post("api/issues", body)
    assert (reply.status, reply.body) == (400, _invalid(ring))
    assert len(fake.store.issues) == before


async def test_what_youtrack_takes_instead_of_ids_still_works(api: Any, fake: FakeYouTrack) -> None:
    tagged = await api.post("api/issues/SP-5/tags", {"name": "Regression"}, fields="name")
    assert tagged.status == 200
    command = {"query": "tag Regression", "issues": [{"idReadable": "SP-6"}, {"id": "SP-7"}]}
    assert (await api.post("api/commands", command)).status == 200
    linked = await api.post("api/issues/SP-3/links/9-0/issues", {"idReadable": "SP-4"})
    assert linked.status == 200
    value = _field("Assignee", "SingleUserIssueCustomField", {"login": "jane.doe"})
    assert (await api.post("api/issues/SP-3", value)).status == 200
    by_name = _field("Priority", "SingleEnumIssueCustomField", {"name": "Critical"})
    assert (await api.post("api/issues/SP-3", by_name)).status == 200
    assert fake.issue("SP-3").value_of("Priority") == "Critical"
    created = await api.post(
        "api/issues",
        {"project": {"id": "0-0"}, "summary": "s", "reporter": {"login": "jane.doe"}},
        fields="reporter(login)",
    )
    # reporter is read-only: the server sets it, whoever the body names.
    assert created.body["reporter"]["login"] == "root"


async def test_a_well_formed_id_of_nothing_is_still_not_found(api: Any) -> None:
    reply = await api.post("api/issues/SP-5/tags", {"id": "6-999"})
    assert reply.status == 404
    value = _field("Priority", "SingleEnumIssueCustomField", {"id": "67-999"})
    unknown = await api.post("api/issues/SP-3", value)
    assert (unknown.status, unknown.body["error"]) == (400, "invalid_properties")


async def test_a_uuid_in_a_path_is_left_as_not_found(api: Any) -> None:
    # Neither semantics.md nor a sample says what a real server answers for a malformed
    # id in a path, so the fake keeps its 404 there.
    reply = await api.get(f"api/issues/{UUID}")
    assert reply.status == 404

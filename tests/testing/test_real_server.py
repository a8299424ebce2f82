"""Where FakeYouTrack follows what real servers answered rather than the documentation:
link types, trailing slashes, custom-field write errors, small wire facts, the guest."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import YouTrack, structure, unstructure
from aioyoutrack.errors import BadRequestError, ServerError, UnknownCustomFieldError
from aioyoutrack.models import Issue, Tag
from aioyoutrack.testing import FakeYouTrack

# --- link types (moneymeets/youtrack-sdk tests/responses/issue_link_types.json) ---------

#: name -> (sourceToTarget, targetToSource, directed, aggregation, readOnly), as recorded.
REAL_LINK_TYPES = {
    "Relates": ("relates to", "", False, False, False),
    "Depend": ("is required for", "depends on", True, False, False),
    "Duplicate": ("is duplicated by", "duplicates", True, True, True),
    "Subtask": ("parent for", "subtask of", True, True, True),
}
_LINK_TYPE_FIELDS = "name,sourceToTarget,targetToSource,directed,aggregation,readOnly"


async def test_default_link_types_are_a_real_servers(api: Any) -> None:
    reply = await api.get("api/issueLinkTypes", fields=_LINK_TYPE_FIELDS)
    got = {
        t["name"]: (
            t["sourceToTarget"],
            t["targetToSource"],
            t["directed"],
            t["aggregation"],
            t["readOnly"],
        )
        for t in reply.body
    }
    assert got == REAL_LINK_TYPES


async def test_depends_on_is_the_inward_slot_as_on_a_real_server(
    api: Any, fake: FakeYouTrack, yt: YouTrack
) -> None:
    # issue_links.json: slot "<Depend id>s" is OUTWARD and reads sourceToTarget.
    fake.issue("SP-1").links.clear()
    await yt.issues.links.add("SP-1", "depends on", "SP-2")
    depend = fake.store.find_link_type("Depend")
    slots = await yt.issues.links.list("SP-1")
    by_id = {s.id: s for s in slots}
    inward = by_id[f"{depend.id}t"]
    assert inward.direction == "INWARD"
    assert [i.id_readable for i in inward.issues or []] == ["SP-2"]
    assert by_id[f"{depend.id}s"].direction == "OUTWARD"
    assert by_id[f"{depend.id}s"].issues == []
    # And SP-2 "is required for" SP-1: the outward slot, phrase sourceToTarget.
    back = await yt.issues.links.get("SP-2", f"{depend.id}s")
    assert [i.id_readable for i in back.issues or []] == ["SP-1"]
    assert back.link_type is not None
    assert back.link_type.source_to_target == "is required for"


async def test_duplicate_does_not_make_a_parent(api: Any, fake: FakeYouTrack) -> None:
    # Duplicate is an aggregation too; parent/subtasks still follow Subtask only.
    fake.issue("SP-1").links.clear()
    fake.link("SP-1", "duplicates", "SP-2")
    reply = await api.get("api/issues/SP-1", fields="parent(linkType(name),issues(idReadable))")
    assert reply.body["parent"]["linkType"]["name"] == "Subtask"
    assert reply.body["parent"]["issues"] == []


# --- paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["api/issues/", "api/issues/SP-1/", "api/admin/projects/"])
async def test_a_trailing_slash_is_served_like_the_path_without_it(api: Any, path: str) -> None:
    # youtrack-sdk (moneymeets) calls GET /api/issues/?... for every get_issues.
    with_slash = await api.get(path, fields="id", **{"$top": "3"})
    without = await api.get(path.rstrip("/"), fields="id", **{"$top": "3"})
    assert with_slash.status == 200
    assert with_slash.body == without.body


async def test_a_trailing_slash_is_served_for_writes_too(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.post("api/issues/SP-1/", {"summary": "renamed"}, fields="summary")
    assert reply.body == {"summary": "renamed", "$type": "Issue"}
    assert fake.issue("SP-1").summary == "renamed"


# --- custom-field write errors (ryancheley/yt-cli #372, #425, #442, #455, #420, #458, #469)


def _state(value_type: str, field_type: str = "SingleEnumIssueCustomField") -> dict[str, Any]:
    return {
        "customFields": [
            {"name": "State", "$type": field_type, "value": {"$type": value_type, "name": "Fixed"}}
        ]
    }


async def test_a_state_value_in_a_single_enum_field_is_accepted(
    api: Any, fake: FakeYouTrack
) -> None:
    reply = await api.post("api/issues/SP-1", _state("StateBundleElement"))
    assert reply.status == 200
    assert fake.issue("SP-1").value_of("State") == "Fixed"


@pytest.mark.parametrize("field_type", ["SingleEnumIssueCustomField", "StateIssueCustomField"])
async def test_an_enum_value_on_a_state_field_is_400(
    api: Any, fake: FakeYouTrack, field_type: str
) -> None:
    before = dict(fake.issue("SP-1").values)
    reply = await api.post("api/issues/SP-1", _state("EnumBundleElement", field_type))
    assert reply.status == 400
    assert reply.body["error_description"] == (
        "The value provided for the null property doesn't match the expected format.; "
        "The API expects StateBundleElement-type values but encountered "
        "EnumBundleElementMegaProxy-type instead."
    )
    assert fake.issue("SP-1").values == before


async def test_a_field_name_the_project_lacks_is_a_500(api: Any, fake: FakeYouTrack) -> None:
    before = dict(fake.issue("SP-1").values)
    body = {"customFields": [{"name": "Nope", "$type": "SimpleIssueCustomField", "value": 1}]}
    reply = await api.post("api/issues/SP-1", body)
    assert reply.status == 500
    assert reply.body["error_description"] == "incompatible-issue-custom-field-name-Nope"
    assert fake.issue("SP-1").values == before
    assert fake.internal_errors == []  # an answer a real server gives, not a crash


async def test_the_library_maps_each_write_error(yt: YouTrack, fake: FakeYouTrack) -> None:
    await yt.request("POST", "api/issues/SP-1", json=_state("StateBundleElement"))
    with pytest.raises(BadRequestError, match="StateBundleElement-type"):
        await yt.request("POST", "api/issues/SP-1", json=_state("EnumBundleElement"))
    unknown = {"customFields": [{"name": "Nope", "$type": "SimpleIssueCustomField", "value": 1}]}
    with pytest.raises(ServerError) as caught:
        await yt.request("POST", "api/issues/SP-1", json=unknown)
    assert caught.value.may_have_been_applied is True
    assert "incompatible-issue-custom-field-name-Nope" in str(caught.value)
    # The typed methods refuse an unknown name before sending anything.
    fake.stats.reset()
    with pytest.raises(UnknownCustomFieldError):
        await yt.issues.update("SP-1", fields={"Nope": 1})
    assert [r.method for r in fake.stats.log if r.method == "POST"] == []


# --- small wire facts ----------------------------------------------------------------


async def test_tags_are_typed_tag(api: Any, yt: YouTrack) -> None:
    reply = await api.get("api/tags", fields="name", **{"$top": "2"})
    assert {t["$type"] for t in reply.body} == {"Tag"}
    on_issue = await api.get("api/issues/SP-1", fields="tags(name)")
    assert all(t["$type"] == "Tag" for t in on_issue.body["tags"])
    tags = await yt.tags.list(limit=2)
    assert tags
    assert all(t.name for t in tags)


@pytest.mark.parametrize("wire_type", ["Tag", "IssueTag"])
def test_the_library_reads_both_tag_types(wire_type: str) -> None:
    # The 2025.3 spec deprecates IssueTag for Tag; older servers still send IssueTag.
    issue = structure(
        {"$type": "Issue", "tags": [{"$type": wire_type, "id": "6-1", "name": "Star"}]}, Issue
    )
    assert issue.tags is not None
    [tag] = issue.tags
    assert isinstance(tag, Tag)
    assert (tag.id, tag.name) == ("6-1", "Star")
    assert unstructure(tag)["$type"] == wire_type


async def test_duration_and_period_ids_are_the_minutes(api: Any, fake: FakeYouTrack) -> None:
    fake.add_work_item("SP-1", 100)
    items = await api.get("api/issues/SP-1/timeTracking/workItems", fields="duration(id,minutes)")
    durations = [i["duration"] for i in items.body]
    assert {"id": "100", "minutes": 100, "$type": "DurationValue"} in durations
    fake.update_issue("SP-1", Estimation=90)
    field = await api.get(
        "api/issues/SP-1/customFields", fields="name,value(id,minutes)", customFields="Estimation"
    )
    [estimation] = [f for f in field.body if f["name"] == "Estimation"]
    assert estimation["value"] == {"id": "90", "minutes": 90, "$type": "PeriodValue"}


async def test_the_guest_is_banned_by_default_and_runs_requests_when_enabled(
    api: Any, fake: FakeYouTrack
) -> None:
    assert (await api.as_user(None).get("api/users/me")).status == 401
    fake.user("guest").banned = False
    reply = await api.as_user(None).get("api/users/me", fields="login")
    assert reply.body == {"login": "guest", "$type": "Me"}

"""Issues: create, read, update, delete, custom field writes and validation, count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack, FieldSpec

CF = "customFields(name,$type,value(name,login,minutes,presentation,text,isResolved))"


def _values(body: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f["value"] for f in body["customFields"]}


async def test_create_minimal_gets_project_defaults(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.post("api/issues", {"project": {"id": "0-0"}, "summary": "Hello"})
    assert reply.status == 200
    assert set(reply.body) == {"id", "$type"}
    issue = fake.store.issues[reply.body["id"]]
    assert issue.id_readable == "SP-151"
    assert issue.value_of("Priority") == "Normal"
    assert issue.value_of("State") == "Submitted"
    assert issue.value_of("Fix versions") == []
    assert issue.reporter.login == "root"
    assert issue.resolved is None


async def test_create_with_every_field_kind(api: Any, fake: FakeYouTrack) -> None:
    body = {
        "project": {"id": fake.project("DEMO").id},
        "summary": "All kinds",
        "description": "text",
        "customFields": [
            {"name": "Priority", "$type": "SingleEnumIssueCustomField", "value": {"name": "Major"}},
            {"name": "State", "$type": "StateIssueCustomField", "value": {"name": "Fixed"}},
            {
                "name": "Assignee",
                "$type": "SingleUserIssueCustomField",
                "value": {"login": "john.doe"},
            },
            {
                "name": "Reviewers",
                "$type": "MultiUserIssueCustomField",
                "value": [{"login": "alice.miller"}, {"login": "frank.lee"}],
            },
            {"name": "Team", "$type": "SingleGroupIssueCustomField", "value": {"name": "QA"}},
            {
                "name": "Labels",
                "$type": "MultiEnumIssueCustomField",
                "value": [{"name": "ui"}, {"name": "security"}],
            },
            {"name": "Story points", "$type": "SimpleIssueCustomField", "value": 8},
            {"name": "Complexity", "$type": "SimpleIssueCustomField", "value": 2.5},
            {"name": "Reviewed at", "$type": "SimpleIssueCustomField", "value": 1_700_000_123_456},
            {
                "name": "Target version",
                "$type": "SingleVersionIssueCustomField",
                "value": {"name": "2024.2"},
            },
            {
                "name": "Spent time",
                "$type": "PeriodIssueCustomField",
                "value": {"presentation": "1d 2h", "$type": "PeriodValue"},
            },
        ],
    }
    reply = await api.post("api/issues", body, fields=f"idReadable,resolved,{CF}")
    assert reply.status == 200, reply.body
    values = _values(reply.body)
    assert values["State"] == {"name": "Fixed", "isResolved": True, "$type": "StateBundleElement"}
    assert isinstance(reply.body["resolved"], int)
    assert values["Assignee"]["login"] == "john.doe"
    assert [u["login"] for u in values["Reviewers"]] == ["alice.miller", "frank.lee"]
    assert values["Team"] == {"name": "QA", "$type": "UserGroup"}
    assert [v["name"] for v in values["Labels"]] == ["ui", "security"]
    assert values["Story points"] == 8
    assert values["Complexity"] == 2.5
    assert values["Reviewed at"] == 1_700_000_123_456
    assert values["Spent time"] == {"minutes": 600, "presentation": "1d 2h", "$type": "PeriodValue"}


async def test_sp_field_kinds_and_date_at_midday(api: Any, fake: FakeYouTrack) -> None:
    afternoon = int(dt.datetime(2024, 5, 17, 18, 30, tzinfo=dt.timezone.utc).timestamp() * 1000)
    body = {
        "customFields": [
            {"name": "Due Date", "$type": "DateIssueCustomField", "value": afternoon},
            {"name": "Release notes", "$type": "TextIssueCustomField", "value": {"text": "Notes"}},
            {"name": "Requester email", "$type": "SimpleIssueCustomField", "value": "a@b.c"},
            {
                "name": "Subsystem",
                "$type": "SingleOwnedIssueCustomField",
                "value": {"name": "Backend"},
            },
            {
                "name": "Fixed in build",
                "$type": "SingleBuildIssueCustomField",
                "value": {"name": "101"},
            },
            {"name": "Estimation", "$type": "PeriodIssueCustomField", "value": {"minutes": 90}},
        ]
    }
    reply = await api.post("api/issues/SP-1", body, fields=CF)
    values = _values(reply.body)
    midday = int(dt.datetime(2024, 5, 17, 12, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert values["Due Date"] == midday
    assert values["Release notes"] == {"text": "Notes", "$type": "TextFieldValue"}
    assert values["Requester email"] == "a@b.c"
    assert values["Subsystem"] == {"name": "Backend", "$type": "OwnedBundleElement"}
    assert values["Estimation"]["presentation"] == "1h 30m"
    types = {f["name"]: f["$type"] for f in reply.body["customFields"]}
    assert types["Due Date"] == "DateIssueCustomField"
    assert types["Fixed in build"] == "SingleBuildIssueCustomField"


async def test_mob_multi_kinds(api: Any) -> None:
    body = {
        "customFields": [
            {
                "name": "Platforms",
                "$type": "MultiOwnedIssueCustomField",
                "value": [{"name": "iOS"}],
            },
            {
                "name": "Builds",
                "$type": "MultiBuildIssueCustomField",
                "value": [{"name": "5003"}, {"name": "5001"}],
            },
            {
                "name": "Notify groups",
                "$type": "MultiGroupIssueCustomField",
                "value": [{"name": "Managers"}],
            },
        ]
    }
    reply = await api.post("api/issues/MOB-1", body, fields=CF)
    values = _values(reply.body)
    assert [b["name"] for b in values["Builds"]] == ["5003", "5001"]
    assert values["Platforms"] == [{"name": "iOS", "$type": "OwnedBundleElement"}]
    assert values["Notify groups"] == [{"name": "Managers", "$type": "UserGroup"}]


async def test_empty_values_read_as_null_and_empty_list(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", Assignee=None, Fix_versions=[])
    values = _values((await api.get("api/issues/SP-1", fields=CF)).body)
    assert values["Assignee"] is None
    assert values["Fix versions"] == []


async def test_update_by_database_id_and_clear(api: Any, fake: FakeYouTrack) -> None:
    issue = fake.issue("SP-1")
    body = {
        "summary": "Renamed",
        "description": None,
        "customFields": [
            {"name": "Assignee", "$type": "SingleUserIssueCustomField", "value": None}
        ],
    }
    reply = await api.post(f"api/issues/{issue.id}", body, fields="summary,description")
    assert reply.body == {"summary": "Renamed", "description": None, "$type": "Issue"}
    assert issue.value_of("Assignee") is None
    assert issue.updater.login == "root"


async def test_field_addressed_by_id(api: Any, fake: FakeYouTrack) -> None:
    pcf = fake.project("SP").custom_field("Priority")
    assert pcf is not None
    body = {
        "customFields": [
            {"id": pcf.id, "$type": "SingleEnumIssueCustomField", "value": {"name": "Minor"}}
        ]
    }
    assert (await api.post("api/issues/SP-1", body)).status == 200
    assert fake.issue("SP-1").value_of("Priority") == "Minor"


@pytest.mark.parametrize(
    ("field", "payload", "error"),
    [
        ({"name": "Priority", "value": {"name": "Major"}}, None, "bad_request"),
        # A wrong $type is a 500: test_fidelity.py::test_a_wrong_field_type_is_a_server_error
        (
            {"name": "Priority", "$type": "SingleEnumIssueCustomField", "value": {"name": "Huge"}},
            "Huge",
            "invalid_properties",
        ),
        (
            {"name": "State", "$type": "StateIssueCustomField", "value": None},
            "required",
            "invalid_properties",
        ),
        (
            {
                "name": "Assignee",
                "$type": "SingleUserIssueCustomField",
                "value": {"login": "grace.hall"},
            },
            "grace.hall",
            "invalid_properties",
        ),
        (
            {"name": "Estimation", "$type": "PeriodIssueCustomField", "value": "2h"},
            "PeriodValue",
            "invalid_properties",
        ),
        (
            # The spec's PeriodValue.minutes is an int32.
            {
                "name": "Estimation",
                "$type": "PeriodIssueCustomField",
                "value": {"$type": "PeriodValue", "minutes": 2**31},
            },
            "32-bit",
            "invalid_properties",
        ),
        (
            {"name": "Release notes", "$type": "TextIssueCustomField", "value": "plain"},
            "TextFieldValue",
            "invalid_properties",
        ),
        (
            {
                "name": "Fix versions",
                "$type": "MultiVersionIssueCustomField",
                "value": {"name": "1.0"},
            },
            "array",
            "invalid_properties",
        ),
        (
            {"name": "Due Date", "$type": "DateIssueCustomField", "value": "2024-01-01"},
            "integer",
            "invalid_properties",
        ),
    ],
)
async def test_custom_field_validation(
    api: Any, fake: FakeYouTrack, field: dict[str, Any], payload: str | None, error: str
) -> None:
    before = dict(fake.issue("SP-1").values)
    reply = await api.post("api/issues/SP-1", {"customFields": [field]})
    assert reply.status == 400
    assert reply.content_type == "application/json;charset=utf-8"
    assert reply.body["error"] == error
    if payload is not None:
        assert payload in reply.body["error_description"]
    if error == "invalid_properties":
        assert reply.body["error_children"][0]["error_description"]
    assert fake.issue("SP-1").values == before


async def test_invalid_properties_lists_every_problem(api: Any) -> None:
    reply = await api.post(
        "api/issues",
        {
            "project": {"id": "0-0"},
            "summary": "x",
            "customFields": [
                {
                    "name": "Priority",
                    "$type": "SingleEnumIssueCustomField",
                    "value": {"name": "Huge"},
                },
                {"name": "Type", "$type": "SingleEnumIssueCustomField", "value": None},
            ],
        },
    )
    assert reply.status == 400
    assert len(reply.body["error_children"]) == 2


async def test_create_errors(api: Any, fake: FakeYouTrack) -> None:
    count = len(fake.store.issues)
    ring = await api.post("api/issues", {"project": {"id": "039de813-e6e5"}, "summary": "x"})
    assert ring.status == 400
    assert ring.body == {
        "error": "bad_request",
        "error_description": "Invalid structure of entity id: 039de813-e6e5",
    }
    unknown = await api.post("api/issues", {"project": {"id": "0-99"}, "summary": "x"})
    assert unknown.status == 404
    no_summary = await api.post("api/issues", {"project": {"id": "0-0"}})
    assert no_summary.status == 400
    assert no_summary.body["error"] == "invalid_properties"
    no_project = await api.post("api/issues", {"summary": "x"})
    assert no_project.status == 400
    by_short_name = await api.post("api/issues", {"project": {"shortName": "SP"}, "summary": "x"})
    assert by_short_name.status == 400
    not_object = await api.post("api/issues", [1, 2])
    assert not_object.status == 400
    assert len(fake.store.issues) == count


async def test_required_field_without_default_blocks_create(api: Any, fake: FakeYouTrack) -> None:
    fake.add_field("SP", FieldSpec("Customer", "string", can_be_empty=False))
    reply = await api.post("api/issues", {"project": {"id": "0-0"}, "summary": "x"})
    assert reply.status == 400
    assert "Customer" in reply.body["error_description"]


async def test_delete_issue(api: Any, fake: FakeYouTrack) -> None:
    fake.link("SP-1", "relates to", "SP-2")
    assert (await api.delete("api/issues/SP-1")).status == 200
    assert (await api.get("api/issues/SP-1")).status == 404
    with pytest.raises(KeyError):
        fake.issue("SP-1")
    links = fake.issue("SP-2").links.values()
    assert all(fake.issue("SP-2") is not other for slot in links for other in slot)


async def test_issue_custom_field_subresource(api: Any, fake: FakeYouTrack) -> None:
    pcf = fake.project("SP").custom_field("State")
    assert pcf is not None
    listed = (await api.get("api/issues/SP-1/customFields", fields="id,name")).body
    assert {"id": pcf.id, "name": "State", "$type": "StateIssueCustomField"} in listed
    reply = await api.post(
        f"api/issues/SP-1/customFields/{pcf.id}",
        {"$type": "StateIssueCustomField", "value": {"name": "Verified"}},
        fields="value(name)",
    )
    assert reply.body["value"]["name"] == "Verified"
    assert fake.issue("SP-1").resolved is not None


async def test_resolving_and_reopening(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", State="Open")
    assert fake.issue("SP-1").resolved is None
    fake.update_issue("SP-1", State="Won't fix")
    assert fake.issue("SP-1").resolved is not None
    fake.update_issue("SP-1", State="Reopened")
    assert fake.issue("SP-1").resolved is None


async def test_count(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.post("api/issuesGetter/count", {"query": "project: SP"}, fields="count")
    assert reply.body == {"count": 150, "$type": "IssueCountResponse"}
    everything = await api.post("api/issuesGetter/count", {"query": None}, fields="count")
    assert everything.body["count"] == 300
    with_fields = await api.post("api/issuesGetter/count", {"query": "in: MOB"}, fields="count")
    assert with_fields.body == {"count": 60, "$type": "IssueCountResponse"}


async def test_count_answers_minus_one_while_pending(api: Any, fake: FakeYouTrack) -> None:
    fake.count_pending = 2
    counts = [
        (await api.post("api/issuesGetter/count", {"query": "in: SP"}, fields="count")).body[
            "count"
        ]
        for _ in range(3)
    ]
    assert counts == [-1, -1, 150]
    assert fake.count_pending == 0


async def test_new_issue_is_found_and_counted(api: Any) -> None:
    await api.post("api/issues", {"project": {"id": "0-2"}, "summary": "Zebra crossing"})
    found = await api.get("api/issues", query="zebra", fields="idReadable")
    assert found.body == [{"idReadable": "MOB-61", "$type": "Issue"}]
    count = await api.post("api/issuesGetter/count", {"query": "in: MOB"}, fields="count")
    assert count.body["count"] == 61


async def test_custom_fields_parameter_limits_only_the_issue_lists_of_the_spec(
    api: Any, fake: FakeYouTrack
) -> None:
    # The spec has customFields= only on GET /issues, GET /admin/projects/{id}/issues and
    # GET /tags/{id}/issues; every other route ignores it, as any unknown parameter.
    fields = "customFields(name)"
    one = (await api.get("api/issues/SP-1", fields=fields)).body
    every = {f["name"] for f in one["customFields"]}
    assert {"Priority", "State"} < every
    tag = next(t for t in fake.store.tags.values() if t.issues)
    wanted = [("fields", fields), ("$top", "2"), ("customFields", "priority")]
    for path in ("api/issues", "api/admin/projects/SP/issues", f"api/tags/{tag.id}/issues"):
        reply = await api.call("GET", path, params=[*wanted, ("customFields", "State")])
        names = [sorted(f["name"] for f in issue["customFields"]) for issue in reply.body]
        assert names, path
        assert all(n == ["Priority", "State"] for n in names), path
    ignoring = {
        "GET": ["api/issues/SP-1", "api/admin/projects/SP/issues/SP-1"],
        "POST": ["api/issues/SP-1", "api/admin/projects/SP/issues/SP-1"],
    }
    for method, paths in ignoring.items():
        for path in paths:
            body = {} if method == "POST" else None
            reply = await api.call(
                method, path, params={"fields": fields, "customFields": "Priority"}, json_body=body
            )
            assert {f["name"] for f in reply.body["customFields"]} == every, (method, path)
    listed = await api.get("api/issues/SP-1/customFields", fields="name", customFields="Priority")
    assert {f["name"] for f in listed.body} == every

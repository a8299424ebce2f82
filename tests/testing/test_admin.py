"""Projects, global custom fields and bundles (``/api/admin/...``)."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack

PCF_TYPES = {
    "enum[1]": "EnumProjectCustomField",
    "enum[*]": "EnumProjectCustomField",
    "state[1]": "StateProjectCustomField",
    "user[1]": "UserProjectCustomField",
    "user[*]": "UserProjectCustomField",
    "group[1]": "GroupProjectCustomField",
    "group[*]": "GroupProjectCustomField",
    "version[1]": "VersionProjectCustomField",
    "version[*]": "VersionProjectCustomField",
    "build[1]": "BuildProjectCustomField",
    "build[*]": "BuildProjectCustomField",
    "ownedField[1]": "OwnedProjectCustomField",
    "ownedField[*]": "OwnedProjectCustomField",
    "period": "PeriodProjectCustomField",
    "date": "SimpleProjectCustomField",
    "date and time": "SimpleProjectCustomField",
    "text": "TextProjectCustomField",
    "integer": "SimpleProjectCustomField",
    "float": "SimpleProjectCustomField",
    "string": "SimpleProjectCustomField",
}


async def test_project_by_id_or_short_name(api: Any) -> None:
    by_short = await api.get("api/admin/projects/SP", fields="id,shortName,name,leader(login)")
    by_id = await api.get("api/admin/projects/0-0", fields="id,shortName,name,leader(login)")
    assert by_short.body == by_id.body
    assert by_id.body["leader"]["login"] == "root"
    assert (await api.get("api/admin/projects/NOPE")).status == 404
    filtered = await api.get("api/admin/projects", query="mob", fields="shortName")
    assert filtered.body == [{"shortName": "MOB", "$type": "Project"}]


async def test_every_field_kind_appears_in_the_demo(api: Any) -> None:
    seen: dict[str, str] = {}
    for short in ("SP", "DEMO", "MOB"):
        reply = await api.get(
            f"api/admin/projects/{short}/customFields",
            fields="$type,field(fieldType(id)),bundle(id),canBeEmpty",
            **{"$top": "50"},
        )
        for pcf in reply.body:
            seen[pcf["field"]["fieldType"]["id"]] = pcf["$type"]
            if pcf["$type"] in (
                "SimpleProjectCustomField",
                "PeriodProjectCustomField",
                "TextProjectCustomField",
                "GroupProjectCustomField",
            ):
                assert "bundle" not in pcf
            else:
                assert pcf["bundle"]["$type"].endswith("Bundle")
    assert seen == PCF_TYPES


async def test_state_bundle_and_user_bundle(api: Any) -> None:
    fields = await api.get(
        "api/admin/projects/SP/customFields",
        fields="field(name),bundle(id,values(name,isResolved),aggregatedUsers(login))",
        **{"$top": "50"},
    )
    by_name = {f["field"]["name"]: f for f in fields.body}
    states = {v["name"]: v["isResolved"] for v in by_name["State"]["bundle"]["values"]}
    assert states["Fixed"] is True
    assert states["Open"] is False
    users = {u["login"] for u in by_name["Assignee"]["bundle"]["aggregatedUsers"]}
    assert {"root", "jane.doe"} <= users
    assert "grace.hall" not in users


async def test_create_and_delete_project(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.post(
        "api/admin/projects",
        {"shortName": "NEW", "name": "New One", "leader": {"login": "jane.doe"}},
        fields="id,shortName,leader(login),customFields(field(name))",
    )
    assert reply.status == 200
    assert [f["field"]["name"] for f in reply.body["customFields"]] == [
        "Priority",
        "Type",
        "State",
        "Assignee",
    ]
    issue = await api.post(
        "api/issues", {"project": {"id": reply.body["id"]}, "summary": "a"}, fields="idReadable"
    )
    assert issue.body["idReadable"] == "NEW-1"
    assert (await api.post("api/admin/projects", {"shortName": "NEW", "name": "x"})).status == 400
    assert (await api.post("api/admin/projects", {"shortName": "1X", "name": "x"})).status == 400
    assert (await api.delete(f"api/admin/projects/{reply.body['id']}")).status == 200
    assert (await api.get("api/issues/NEW-1")).status == 404


async def test_global_fields(api: Any) -> None:
    reply = await api.get(
        "api/admin/customFieldSettings/customFields",
        fields="id,name,aliases,fieldType(id),instances(id,project(shortName))",
        **{"$top": "100"},
    )
    priority = next(f for f in reply.body if f["name"] == "Priority")
    assert priority["fieldType"] == {"id": "enum[1]", "$type": "FieldType"}
    assert {i["project"]["shortName"] for i in priority["instances"]} == {"SP", "DEMO", "MOB"}
    assert {i["$type"] for i in priority["instances"]} == {"EnumProjectCustomField"}
    assignee = next(f for f in reply.body if f["name"] == "Assignee")
    assert assignee["aliases"] == "for, assigned to"
    created = await api.post(
        "api/admin/customFieldSettings/customFields",
        {"name": "Severity", "fieldType": {"id": "enum[1]"}},
        fields="id,name,fieldType(id,isMultiValue,valueType)",
    )
    assert created.body["fieldType"] == {
        "id": "enum[1]",
        "isMultiValue": False,
        "valueType": "enum",
        "$type": "FieldType",
    }
    bad = await api.post(
        "api/admin/customFieldSettings/customFields", {"name": "X", "fieldType": {"id": "weird"}}
    )
    assert bad.status == 400


_FIELDS = "api/admin/customFieldSettings/customFields"
_SETTINGS = "name,localizedName,isAutoAttached,isDisplayedInIssueList,ordinal"


async def test_a_field_keeps_every_writable_attribute(api: Any) -> None:
    """Spec: ``CustomField.localizedName``, ``isAutoAttached``, ``isDisplayedInIssueList``
    and ``ordinal`` are writable; a create or update that sends them is applied."""
    created = await api.post(
        _FIELDS,
        {
            "name": "Estimate",
            "fieldType": {"id": "period"},
            "localizedName": "Schätzung",
            "isAutoAttached": True,
            "isDisplayedInIssueList": False,
            "ordinal": 40,
        },
        fields=f"id,{_SETTINGS}",
    )
    assert created.status == 200, created.body
    assert created.body == {
        "id": created.body["id"],
        "name": "Estimate",
        "localizedName": "Schätzung",
        "isAutoAttached": True,
        "isDisplayedInIssueList": False,
        "ordinal": 40,
        "$type": "CustomField",
    }
    path = f"{_FIELDS}/{created.body['id']}"
    updated = await api.post(
        path, {"isDisplayedInIssueList": True, "localizedName": None}, fields=_SETTINGS
    )
    assert updated.body["isDisplayedInIssueList"] is True
    assert updated.body["localizedName"] is None
    assert updated.body["isAutoAttached"] is True  # what the update did not name stays
    assert (await api.get(path, fields=_SETTINGS)).body == updated.body


@pytest.mark.parametrize(
    "bad", [{"isAutoAttached": "yes"}, {"ordinal": "1"}, {"ordinal": True}, {"localizedName": 3}]
)
async def test_a_wrong_attribute_creates_no_field(api: Any, bad: dict[str, Any]) -> None:
    before = await api.get(_FIELDS, fields="name", **{"$top": "-1"})
    reply = await api.post(_FIELDS, {"name": "Wrong", "fieldType": {"id": "string"}, **bad})
    assert reply.status == 400, reply.body
    assert (await api.get(_FIELDS, fields="name", **{"$top": "-1"})).body == before.body


async def test_attach_field_to_project_then_write_it(api: Any, fake: FakeYouTrack) -> None:
    created = await api.post(
        "api/admin/customFieldSettings/customFields",
        {"name": "Severity", "fieldType": {"id": "enum[1]"}},
        fields="id",
    )
    attached = await api.post(
        "api/admin/projects/MOB/customFields",
        {"field": {"id": created.body["id"]}, "$type": "EnumProjectCustomField"},
        fields="id,bundle(id)",
    )
    bundle_id = attached.body["bundle"]["id"]
    await api.post(f"api/admin/customFieldSettings/bundles/enum/{bundle_id}/values", {"name": "S1"})
    write = await api.post(
        "api/issues/MOB-1",
        {
            "customFields": [
                {"name": "Severity", "$type": "SingleEnumIssueCustomField", "value": {"name": "S1"}}
            ]
        },
    )
    assert write.status == 200
    assert fake.issue("MOB-1").value_of("Severity") == "S1"
    removed = await api.delete(f"api/admin/projects/MOB/customFields/{attached.body['id']}")
    assert removed.status == 200
    with pytest.raises(KeyError):
        fake.issue("MOB-1").value_of("Severity")


async def test_enum_bundles(api: Any, fake: FakeYouTrack) -> None:
    listed = await api.get("api/admin/customFieldSettings/bundles/enum", fields="name")
    assert {"name": "Priorities", "$type": "EnumBundle"} in listed.body
    created = await api.post(
        "api/admin/customFieldSettings/bundles/enum",
        {
            "name": "Customer Impact",
            "$type": "EnumBundle",
            "values": [{"name": "Low", "$type": "EnumBundleElement"}, {"name": "High"}],
        },
        fields="id,name,values(id,name)",
    )
    bundle = created.body
    assert [v["name"] for v in bundle["values"]] == ["Low", "High"]
    base = f"api/admin/customFieldSettings/bundles/enum/{bundle['id']}"
    value = f"{base}/values/{bundle['values'][0]['id']}"
    renamed = await api.post(value, {"name": "Lowest"}, fields="name")
    assert renamed.body == {"name": "Lowest", "$type": "EnumBundleElement"}
    assert (await api.delete(value)).status == 200
    assert [v["name"] for v in (await api.get(f"{base}/values", fields="name")).body] == ["High"]
    wrong = await api.post(f"{base}/values", {"name": "X", "$type": "StateBundleElement"})
    assert wrong.status == 400
    assert (
        await api.get(f"api/admin/customFieldSettings/bundles/state/{bundle['id']}")
    ).status == 404
    assert (await api.delete(base)).status == 200


async def test_bundle_in_use_cannot_be_deleted(api: Any, fake: FakeYouTrack) -> None:
    pcf = fake.project("SP").custom_field("Priority")
    assert pcf is not None
    assert pcf.bundle is not None
    reply = await api.delete(f"api/admin/customFieldSettings/bundles/enum/{pcf.bundle.id}")
    assert reply.status == 400


async def test_version_and_user_bundles(api: Any, fake: FakeYouTrack) -> None:
    versions = await api.get(
        "api/admin/customFieldSettings/bundles/version",
        fields="values(name,released,releaseDate,$type)",
        **{"$top": "50"},
    )
    assert any(
        v["$type"] == "VersionBundleElement" and isinstance(v["released"], bool)
        for b in versions.body
        for v in b["values"]
    )
    users = await api.get("api/admin/customFieldSettings/bundles/user", fields="id,groups(name)")
    bundle = users.body[0]
    added = await api.post(
        f"api/admin/customFieldSettings/bundles/user/{bundle['id']}/individuals",
        {"login": "grace.hall"},
        fields="login",
    )
    assert added.body["login"] == "grace.hall"
    everyone = await api.get(
        f"api/admin/customFieldSettings/bundles/user/{bundle['id']}/aggregatedUsers",
        fields="login",
        **{"$top": "-1"},
    )
    assert "grace.hall" in {u["login"] for u in everyone.body}


async def test_field_types(api: Any) -> None:
    reply = await api.get("api/admin/customFieldSettings/types", fields="id", **{"$top": "-1"})
    assert {t["id"] for t in reply.body} == set(PCF_TYPES)


async def _field(api: Any, project: str, name: str, fields: str = "id") -> Any:
    """The project field ``name`` of ``project``, through the fields listing."""
    reply = await api.get(
        f"api/admin/projects/{project}/customFields",
        fields=f"{fields},field(name)",
        **{"$top": "-1"},
    )
    return next(f for f in reply.body if f["field"]["name"] == name)


async def test_a_project_field_keeps_every_writable_setting(api: Any) -> None:
    # ProjectCustomField's writable attributes in openapi.json: canBeEmpty,
    # emptyFieldText, ordinal, isPublic, condition.
    pcf = await _field(api, "SP", "Requester email")
    path = f"api/admin/projects/SP/customFields/{pcf['id']}"
    body = {"canBeEmpty": False, "emptyFieldText": "none", "ordinal": 0, "isPublic": False}
    fields = "canBeEmpty,emptyFieldText,ordinal,isPublic"
    changed = await api.post(path, body, fields=fields)
    assert changed.status == 200, changed.body
    assert (await api.get(path, fields=fields)).body == {
        **body,
        "$type": "SimpleProjectCustomField",
    }
    first = await api.get("api/admin/projects/SP/customFields", fields="id", **{"$top": "1"})
    assert first.body[0]["id"] == pcf["id"]  # the project's fields by ordinal


@pytest.mark.parametrize(
    "bad",
    [
        {"isPublic": "no"},
        {"canBeEmpty": None},
        {"ordinal": "1"},
        {"emptyFieldText": 3},
        {"condition": "garbage"},
        {"condition": {"$type": "NoSuchCondition", "field": {"name": "Type"}}},
        {"condition": {"values": []}},
        {"condition": {"field": {"name": "No such field"}}},
        {"condition": {"field": {"name": "Requester email"}}},
        {"condition": {"field": {"name": "Due Date"}}},
        {"condition": {"field": {"name": "Type"}, "values": [{"name": "No such type"}]}},
        {"condition": {"field": {"name": "Type"}, "showForNullValue": "yes"}},
    ],
)
async def test_a_wrong_setting_changes_nothing(api: Any, bad: dict[str, Any]) -> None:
    pcf = await _field(api, "SP", "Requester email")
    path = f"api/admin/projects/SP/customFields/{pcf['id']}"
    fields = "canBeEmpty,emptyFieldText,ordinal,isPublic,condition(id)"
    before = (await api.get(path, fields=fields)).body
    refused = await api.post(path, {"isPublic": False, **bad})
    assert refused.status == 400, refused.body
    assert refused.body["error"] == "bad_request"
    assert (await api.get(path, fields=fields)).body == before


async def test_a_field_hidden_by_its_condition_cannot_be_set(api: Any, fake: FakeYouTrack) -> None:
    # devportal api-troubleshoot-updating-conditional-field.html: the 400 and its body.
    email = await _field(api, "SP", "Requester email")
    kind = await _field(api, "SP", "Type", "id,bundle(values(id,name))")
    task = next(v for v in kind["bundle"]["values"] if v["name"] == "Task")
    condition = {
        "$type": "FieldBasedCondition",
        "field": {"id": kind["id"], "$type": "EnumProjectCustomField"},
        "values": [{"id": task["id"]}],
    }
    path = f"api/admin/projects/SP/customFields/{email['id']}"
    fields = "condition($type,id,field(id),values(name),showForNullValue,parent(id))"
    set_up = await api.post(path, {"condition": condition}, fields=fields)
    assert set_up.status == 200, set_up.body
    shown = set_up.body["condition"]
    assert shown["field"]["id"] == kind["id"]
    assert shown["parent"]["id"] == email["id"]
    assert (shown["$type"], shown["values"], shown["showForNullValue"]) == (
        "FieldBasedCondition",
        [{"name": "Task", "$type": "EnumBundleElement"}],
        False,
    )
    bug = next(
        i
        for i in fake.store.issues.values()
        if i.project.short_name == "SP" and i.value_of("Type") == "Bug"
    )
    write = {"name": "Requester email", "$type": "SimpleIssueCustomField", "value": "a@b.c"}
    refused = await api.post(f"api/issues/{bug.id_readable}", {"customFields": [write]})
    message = (
        "You can only update the value for the Requester email field when the value for "
        "the Type field is Task"
    )
    assert refused.status == 400
    assert refused.body == {
        "error": "invalid_properties",
        "error_description": message,
        "error_children": [
            {
                "error": "Issue-is-invalid",
                "error_description": message,
                "error_developer_message": message,
            }
        ],
    }
    one = f"api/issues/{bug.id_readable}/customFields/{email['id']}"
    assert (
        await api.post(one, {"$type": "SimpleIssueCustomField", "value": "a@b.c"})
    ).status == 400
    created = await api.post(
        "api/issues",
        {"project": {"id": bug.project.id}, "summary": "s", "customFields": [write]},
    )
    assert created.status == 400
    assert bug.value_of("Requester email") is None
    # Made a Task in the same write, the issue shows the field: the write is taken.
    to_task = {"name": "Type", "$type": "SingleEnumIssueCustomField", "value": {"name": "Task"}}
    taken = await api.post(f"api/issues/{bug.id_readable}", {"customFields": [to_task, write]})
    assert taken.status == 200, taken.body
    assert bug.value_of("Requester email") == "a@b.c"
    # Without the condition, any issue takes the field again.
    assert (await api.post(path, {"condition": None}, fields="condition")).body["condition"] is None
    other = next(
        i
        for i in fake.store.issues.values()
        if i.project.short_name == "SP" and i.value_of("Type") == "Bug"
    )
    assert (
        await api.post(f"api/issues/{other.id_readable}", {"customFields": [write]})
    ).status == 200


async def _condition(api: Any, fake: FakeYouTrack, field: str, on: str, *values: str) -> str:
    """Show ``field`` of SP only while ``on`` holds one of ``values``; its path."""
    shown = await _field(api, "SP", field)
    depends = await _field(api, "SP", on, "id,bundle(values(id,name))")
    ids = [{"id": v["id"]} for v in depends["bundle"]["values"] if v["name"] in values]
    path = f"api/admin/projects/SP/customFields/{shown['id']}"
    body = {"condition": {"field": {"id": depends["id"]}, "values": ids}}
    assert (await api.post(path, body)).status == 200
    return path


def _issue_of_type(fake: FakeYouTrack, kind: str) -> str:
    return next(
        i.id_readable
        for i in fake.store.issues.values()
        if i.project.short_name == "SP" and i.value_of("Type") == kind
    )


async def test_a_command_is_checked_whole_against_conditions(api: Any, fake: FakeYouTrack) -> None:
    # Priority shown only for Tasks. A command is applied whole or not at all, and its
    # field changes are checked against the values it leaves, in any word order (review).
    await _condition(api, fake, "Priority", "Type", "Task")
    bug, task = _issue_of_type(fake, "Bug"), _issue_of_type(fake, "Task")
    before = fake.issue(task).value_of("Priority"), fake.issue(bug).value_of("Priority")
    refused = await api.post(
        "api/commands",
        {
            "query": "tag partial Priority Critical",
            "issues": [{"idReadable": task}, {"idReadable": bug}],
        },
    )
    assert refused.status == 400
    assert (fake.issue(task).value_of("Priority"), fake.issue(bug).value_of("Priority")) == before
    assert not any(t.name == "partial" for t in fake.issue(task).tags)
    for query in ("Critical Task", "Task Critical"):
        fake.update_issue(bug, Type="Bug")
        taken = await api.post("api/commands", {"query": query, "issues": [{"idReadable": bug}]})
        assert taken.status == 200, (query, taken.body)
        assert fake.issue(bug).value_of("Priority") == "Critical"


async def test_a_write_that_leaves_a_hidden_field_as_it_is_is_taken(
    api: Any, fake: FakeYouTrack
) -> None:
    await _condition(api, fake, "Requester email", "Type", "Task")
    bug = _issue_of_type(fake, "Bug")
    same = {"name": "Requester email", "$type": "SimpleIssueCustomField", "value": None}
    assert (await api.post(f"api/issues/{bug}", {"customFields": [same]})).status == 200
    created = await api.post(
        "api/issues", {"project": {"id": "0-0"}, "summary": "s", "customFields": [same]}
    )
    assert created.status == 200, created.body
    changed = {**same, "value": "a@b.c"}
    assert (await api.post(f"api/issues/{bug}", {"customFields": [changed]})).status == 400


async def test_conditions_on_a_detached_or_rebundled_field_are_dropped(
    api: Any, fake: FakeYouTrack
) -> None:
    # Left in place they named a field or values the project no longer has, and hid
    # their fields for good (review). What a real server does is not documented.
    path = await _condition(api, fake, "Requester email", "Type", "Task")
    kind = await _field(api, "SP", "Type", "id,bundle(id)")
    other = next(
        b.id
        for b in fake.store.bundles.values()
        if b.kind == "enum" and b.id != kind["bundle"]["id"]
    )
    swapped = await api.post(
        f"api/admin/projects/SP/customFields/{kind['id']}", {"bundle": {"id": other}}
    )
    assert swapped.status == 200, swapped.body
    assert (await api.get(path, fields="condition")).body["condition"] is None
    path = await _condition(api, fake, "Requester email", "Priority", "Critical")
    priority = await _field(api, "SP", "Priority")
    assert (await api.delete(f"api/admin/projects/SP/customFields/{priority['id']}")).status == 200
    assert (await api.get(path, fields="condition")).body["condition"] is None
    write = {"name": "Requester email", "$type": "SimpleIssueCustomField", "value": "a@b.c"}
    assert (await api.post("api/issues/SP-1", {"customFields": [write]})).status == 200


async def test_conditions_that_would_hide_each_other_and_bad_ordinals_are_refused(
    api: Any, fake: FakeYouTrack
) -> None:
    await _condition(api, fake, "Priority", "Type", "Task")
    kind = await _field(api, "SP", "Type")
    priority = await _field(api, "SP", "Priority", "id,bundle(values(id))")
    cycle = {"condition": {"field": {"id": priority["id"]}, "values": []}}
    path = f"api/admin/projects/SP/customFields/{kind['id']}"
    assert (await api.post(path, cycle)).status == 400
    for ordinal in (-1, 2**31, 2**40):
        assert (await api.post(path, {"ordinal": ordinal})).status == 400, ordinal


async def test_the_refusal_names_every_value_that_shows_the_field(
    api: Any, fake: FakeYouTrack
) -> None:
    path = await _condition(api, fake, "Requester email", "Type", "Task", "Feature")
    shown = (await api.get(path, fields="condition(field(id),values(id,name))")).body
    condition = {**shown["condition"], "showForNullValue": True}
    assert (await api.post(path, {"condition": condition})).status == 200
    names = " or ".join(v["name"] for v in condition["values"])
    assert sorted(v["name"] for v in condition["values"]) == ["Feature", "Task"]
    write = {"name": "Requester email", "$type": "SimpleIssueCustomField", "value": "a@b.c"}
    bug = _issue_of_type(fake, "Bug")
    refused = await api.post(f"api/issues/{bug}", {"customFields": [write]})
    assert refused.body["error_description"] == (
        "You can only update the value for the Requester email field when the value "
        f"for the Type field is {names} or empty"
    )

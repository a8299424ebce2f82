"""The ``fields`` parameter: parsing, projection, defaults, unknown names."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing._wire.projection import ID_TREE, FieldsError, parse_fields


def test_parse_nested_lists() -> None:
    tree = parse_fields("id,project(name,leader(login)),customFields(value(name))")
    assert tree.unparse() == "id,project(name,leader(login)),customFields(value(name))"
    assert tree.get("project") is not None
    assert tree.get("id") is None


def test_parse_percent_encoded_parentheses_and_spaces() -> None:
    tree = parse_fields("id, createdBy%28login,name%29")
    assert tree.unparse() == "id,createdBy(login,name)"


def test_parse_merges_repeated_names() -> None:
    tree = parse_fields("value(name),value(login,name)")
    assert tree.unparse() == "value(name,login)"


def test_parse_is_cached_per_string() -> None:
    assert parse_fields("id,summary") is parse_fields("id,summary")


def test_blank_fields_mean_id_only() -> None:
    assert parse_fields(None) is ID_TREE
    assert parse_fields("") is ID_TREE
    assert parse_fields("   ") is ID_TREE


@pytest.mark.parametrize("text", ["id,project(name", "id)", "(name)", "a,b(c))"])
def test_unbalanced_parentheses_are_rejected(text: str) -> None:
    with pytest.raises(FieldsError):
        parse_fields(text)


async def test_without_fields_an_entity_is_id_and_type(api: Any) -> None:
    reply = await api.get("api/issues/SP-1")
    assert reply.body == {"id": "2-0", "$type": "Issue"}


async def test_only_requested_fields_plus_type(api: Any) -> None:
    reply = await api.get("api/issues/SP-1", fields="summary,project(shortName)")
    assert set(reply.body) == {"summary", "project", "$type"}
    assert reply.body["project"] == {"shortName": "SP", "$type": "Project"}


async def test_entity_named_without_a_list_is_id_and_type(api: Any) -> None:
    reply = await api.get("api/issues/SP-1", fields="reporter")
    assert set(reply.body["reporter"]) == {"id", "$type"}
    assert reply.body["reporter"]["$type"] == "User"


async def test_unknown_fields_are_silently_left_out(api: Any) -> None:
    reply = await api.get("api/issues/SP-1", fields="id,noSuchThing,project(nope,name)")
    assert reply.status == 200
    assert reply.body == {
        "id": "2-0",
        "project": {"name": "Sample Project", "$type": "Project"},
        "$type": "Issue",
    }


async def test_type_requested_explicitly_is_still_one_key(api: Any) -> None:
    reply = await api.get("api/issues/SP-1", fields="$type,id")
    assert reply.body == {"id": "2-0", "$type": "Issue"}


async def test_one_projection_covers_every_value_kind(api: Any) -> None:
    # The documented "all values" projection: attributes a value kind lacks are omitted.
    fields = (
        "customFields($type,name,value($type,avatarUrl,buildLink,color(id),fullName,id,"
        "isResolved,localizedName,login,minutes,name,presentation,text))"
    )
    reply = await api.get("api/issues", fields=fields, query="in: SP has: Estimation")
    values = {f["name"]: f["value"] for f in reply.body[0]["customFields"]}
    assert set(values["Estimation"]) == {"id", "minutes", "presentation", "$type"}
    state = values["State"]
    assert state["$type"] == "StateBundleElement"
    assert isinstance(state["isResolved"], bool)
    assert "login" not in state
    assert "minutes" not in state


async def test_malformed_fields_is_a_bad_request(api: Any) -> None:
    reply = await api.get("api/issues/SP-1", fields="id,project(name")
    assert reply.status == 400
    assert reply.body["error"] == "bad_request"


async def test_custom_fields_parameter_limits_custom_fields(api: Any) -> None:
    reply = await api.call(
        "GET",
        "api/issues",
        params=[
            ("fields", "customFields(name)"),
            ("customFields", "Priority"),
            ("customFields", "state"),
            ("$top", "1"),
        ],
    )
    assert [f["name"] for f in reply.body[0]["customFields"]] == ["Priority", "State"]

"""Shared fixtures of the model tests: a project's custom-field schema and a small
stand-in for what YouTrack stores and returns for an encoded custom field."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from shared_data import ground_truth

from aioyoutrack import models as m
from aioyoutrack._convert import structure

#: name -> (ProjectCustomField $type, field type id, bundle values or None, can be empty)
FIELDS: dict[str, tuple[str, str, list[str] | None, bool]] = {
    "Priority": ("EnumProjectCustomField", "enum[1]", ["Critical", "Major", "Normal"], False),
    "Tags": ("EnumProjectCustomField", "enum[*]", ["ui", "backend", "docs"], True),
    "State": ("StateProjectCustomField", "state[1]", ["Open", "Fixed"], False),
    "Fix versions": ("VersionProjectCustomField", "version[*]", ["1.0", "2.0"], True),
    "Affected version": ("VersionProjectCustomField", "version[1]", ["1.0", "2.0"], True),
    "Build": ("BuildProjectCustomField", "build[1]", ["42", "43"], True),
    "Builds": ("BuildProjectCustomField", "build[*]", ["42", "43"], True),
    "Subsystem": ("OwnedProjectCustomField", "ownedField[1]", ["Core", "UI"], True),
    "Subsystems": ("OwnedProjectCustomField", "ownedField[*]", ["Core", "UI"], True),
    "Assignee": ("UserProjectCustomField", "user[1]", None, True),
    "Watchers": ("UserProjectCustomField", "user[*]", None, True),
    "Team": ("GroupProjectCustomField", "group[1]", None, True),
    "Teams": ("GroupProjectCustomField", "group[*]", None, True),
    "Estimation": ("PeriodProjectCustomField", "period", None, True),
    "Due Date": ("SimpleProjectCustomField", "date", None, True),
    "Deployed at": ("SimpleProjectCustomField", "date and time", None, True),
    "Story points": ("SimpleProjectCustomField", "integer", None, True),
    "Ratio": ("SimpleProjectCustomField", "float", None, True),
    "Requester": ("SimpleProjectCustomField", "string", None, True),
    "Notes": ("TextProjectCustomField", "text", None, True),
}

_BUNDLE_TYPES = {
    "EnumProjectCustomField": ("EnumBundle", "EnumBundleElement"),
    "StateProjectCustomField": ("StateBundle", "StateBundleElement"),
    "VersionProjectCustomField": ("VersionBundle", "VersionBundleElement"),
    "BuildProjectCustomField": ("BuildBundle", "BuildBundleElement"),
    "OwnedProjectCustomField": ("OwnedBundle", "OwnedBundleElement"),
}


def schema_json(name: str, index: int) -> dict[str, Any]:
    """A ProjectCustomField as YouTrack returns it for ``fields_for(ProjectCustomField)``."""
    pcf_type, type_id, values, can_be_empty = FIELDS[name]
    data: dict[str, Any] = {
        "$type": pcf_type,
        "id": f"92-{index}",
        "canBeEmpty": can_be_empty,
        "field": {
            "$type": "CustomField",
            "id": f"58-{index}",
            "name": name,
            "fieldType": {"$type": "FieldType", "id": type_id},
        },
        "project": {"$type": "Project", "id": "0-0", "name": "Sample", "shortName": "SP"},
    }
    if values is not None:
        bundle_type, element_type = _BUNDLE_TYPES[pcf_type]
        data["bundle"] = {
            "$type": bundle_type,
            "id": f"86-{index}",
            "values": [
                {"$type": element_type, "id": f"67-{index}{i}", "name": v}
                for i, v in enumerate(values)
            ],
        }
    return data


@pytest.fixture(scope="session")
def schema() -> list[m.ProjectCustomField]:
    """The custom fields of project SP, one per field kind."""
    data = [schema_json(name, i) for i, name in enumerate(FIELDS)]
    return list(structure(data, list[m.ProjectCustomField]))


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The OpenAPI document's schemas (the test is skipped without the ground truth)."""
    document = json.loads((ground_truth() / "openapi.json").read_text())
    return document["components"]["schemas"]  # type: ignore[no-any-return]


_VALUE_TYPES = {
    "SingleEnumIssueCustomField": "EnumBundleElement",
    "MultiEnumIssueCustomField": "EnumBundleElement",
    "StateIssueCustomField": "StateBundleElement",
    "SingleVersionIssueCustomField": "VersionBundleElement",
    "MultiVersionIssueCustomField": "VersionBundleElement",
    "SingleBuildIssueCustomField": "BuildBundleElement",
    "MultiBuildIssueCustomField": "BuildBundleElement",
    "SingleOwnedIssueCustomField": "OwnedBundleElement",
    "MultiOwnedIssueCustomField": "OwnedBundleElement",
    "SingleUserIssueCustomField": "User",
    "MultiUserIssueCustomField": "User",
    "SingleGroupIssueCustomField": "UserGroup",
    "MultiGroupIssueCustomField": "UserGroup",
}
_UNITS = {"w": 5 * 8 * 60, "d": 8 * 60, "h": 60, "m": 1}


def _minutes(presentation: str) -> int:
    return sum(int(n) * _UNITS[u] for n, u in re.findall(r"(\d+)\s*([wdhm])", presentation))


def _presentation(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(p for p in (f"{hours}h" if hours else "", f"{rest}m" if rest else "") if p)


def _stored(entity_type: str, value: dict[str, Any], index: int) -> dict[str, Any]:
    stored = {"$type": entity_type, "id": f"1-{index}", **value}
    if entity_type == "User":
        stored.setdefault("fullName", stored.get("login", "").title())
    return stored


def server_echo(encoded: dict[str, Any], schema: m.ProjectCustomField) -> dict[str, Any]:
    """What YouTrack would return for the field after storing ``encoded``, as read with
    the default Issue projection (the value, the ``$type``, the project field's type)."""
    issue_type = encoded["$type"]
    value = encoded["value"]
    if value is None or value == []:
        returned: Any = value
    elif issue_type in _VALUE_TYPES:
        entity = _VALUE_TYPES[issue_type]
        if isinstance(value, list):
            returned = [_stored(entity, v, i) for i, v in enumerate(value)]
        else:
            returned = _stored(entity, value, 0)
    elif issue_type == "PeriodIssueCustomField":
        minutes = value.get("minutes", _minutes(value.get("presentation", "")))
        returned = {
            "$type": "PeriodValue",
            "minutes": minutes,
            "presentation": _presentation(minutes),
        }
    elif issue_type == "TextIssueCustomField":
        returned = {"$type": "TextFieldValue", "text": value["text"]}
    else:
        returned = value
    assert schema.field is not None
    assert schema.field.field_type is not None
    return {
        "$type": issue_type,
        "id": schema.id,
        "name": encoded["name"],
        "projectCustomField": {
            "$type": type(schema).__name__,
            "field": {
                "$type": "CustomField",
                "fieldType": {"$type": "FieldType", "id": schema.field.field_type.id},
            },
        },
        "value": returned,
    }


@pytest.fixture(scope="session")
def echo() -> Any:
    """``server_echo`` (tests cannot import conftest under --import-mode=importlib)."""
    return server_echo


@pytest.fixture(scope="session")
def field_names() -> list[str]:
    """The names of the fields in ``schema``."""
    return list(FIELDS)

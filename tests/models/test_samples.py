"""Every documented response structures into the right model with the right values."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from shared_data import ground_truth

from aioyoutrack import models as m
from aioyoutrack._convert import structure
from aioyoutrack._fields import wire_name

#: Every test here reads the documentation samples: without them the module is skipped.
SAMPLES_DIR = ground_truth() / "samples"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: (method, path pattern) -> the model a response of that endpoint structures into.
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("GET", r"/api/admin/projects", list[m.Project]),
    ("GET", r"/api/users/me", m.Me),
    ("GET", r"/api/issues", list[m.Issue]),
    ("POST", r"/api/issues", m.Issue),
    ("POST", r"/api/issues/[^/]+", m.Issue),
    ("GET", r"/api/issues/[^/]+/links", list[m.IssueLink]),
    ("GET", r"/api/admin/customFieldSettings/customFields", list[m.CustomField]),
    ("GET", r"/api/admin/customFieldSettings/bundles/enum", list[m.EnumBundle]),
]


def _samples() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.json"))


def _model_for(sample: dict[str, Any]) -> Any:
    for method, pattern, model in ENDPOINTS:
        if sample["method"] == method and re.fullmatch(pattern, sample["path"]):
            return model
    raise AssertionError(f"no model known for {sample['method']} {sample['path']}")


def _is_entity_response(sample: dict[str, Any]) -> bool:
    status = sample.get("status") or 200
    return sample.get("response") is not None and status < 400


def assert_matches(obj: Any, data: Any, path: str = "$") -> None:
    """``obj`` holds every value of ``data`` its class declares, converted as documented."""
    if isinstance(data, list):
        assert isinstance(obj, list), path
        assert len(obj) == len(data), path
        for i, (o, d) in enumerate(zip(obj, data, strict=True)):
            assert_matches(o, d, f"{path}[{i}]")
        return
    if isinstance(data, dict) and attrs.has(type(obj)):
        if "$type" in data and hasattr(m, data["$type"]):
            assert type(obj).__name__ == data["$type"], path
        declared = {wire_name(a) for a in attrs.fields(type(obj))}
        # Nothing the server sent is dropped on the floor.
        assert set(data) - declared <= {"$type"}, f"{path}: {set(data) - declared} dropped"
        for attribute in attrs.fields(type(obj)):
            key = wire_name(attribute)
            value = getattr(obj, attribute.name)
            if key not in data:
                assert value is None, f"{path}.{key} was not sent but is {value!r}"
                continue
            assert_matches(value, data[key], f"{path}.{key}")
        return
    if isinstance(obj, datetime):
        assert obj.tzinfo is not None, path
        assert (obj - EPOCH) // timedelta(milliseconds=1) == data, path
        return
    if isinstance(obj, date):
        assert (EPOCH + timedelta(milliseconds=data)).date() == obj, path
        return
    assert obj == data, f"{path}: {obj!r} != {data!r}"


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.stem)
def test_sample_structures(path: Path) -> None:
    sample = json.loads(path.read_text())
    if not _is_entity_response(sample):
        # Requests without a documented response, and error bodies (the transport's).
        body = sample.get("response")
        assert body is None or {"error", "error_description"} <= set(body)
        return
    model = _model_for(sample)
    result = structure(sample["response"], model)
    assert_matches(result, sample["response"])


def test_at_least_the_entity_samples_are_covered() -> None:
    entity = [p for p in _samples() if _is_entity_response(json.loads(p.read_text()))]
    assert len(entity) >= 15


def test_sample_014_reads_every_field() -> None:
    sample = json.loads((SAMPLES_DIR / "014-issues-list-customfield-types.json").read_text())
    (issue,) = structure(sample["response"], list[m.Issue])
    assert issue.id_readable == "SP-47"
    assert issue.project == m.Project(id="0-0", name="Sample Project")
    assert issue.fields["Priority"] == "Show-stopper"
    assert issue.fields["State"] == "Open"
    assert issue.fields["Assignee"] == m.User(login="jane.doe", name="Jane Doe")
    assert issue.fields["Subsystem"] is None
    assert issue.fields["Fix versions"] == []
    assert issue.fields["Fixed in build"] is None
    assert [type(cf).__name__ for cf in issue.custom_fields or []] == [
        "SingleEnumIssueCustomField",
        "SingleEnumIssueCustomField",
        "StateIssueCustomField",
        "SingleUserIssueCustomField",
        "SingleOwnedIssueCustomField",
        "MultiVersionIssueCustomField",
        "MultiVersionIssueCustomField",
        "SingleBuildIssueCustomField",
    ]


def test_sample_021_global_fields_and_their_project_instances() -> None:
    sample = json.loads((SAMPLES_DIR / "021-customfields-global-list.json").read_text())
    priority, assignee = structure(sample["response"], list[m.CustomField])
    assert priority.aliases is None
    assert assignee.aliases == "for, assigned to"
    assert isinstance(priority.instances[0], m.EnumProjectCustomField)
    assert isinstance(assignee.instances[0], m.UserProjectCustomField)
    assert assignee.instances[0].project == m.Project(id="0-0", name="Sample Project")


def test_sample_031_links() -> None:
    sample = json.loads((SAMPLES_DIR / "031-issue-links-list.json").read_text())
    (link,) = structure(sample["response"], list[m.IssueLink])
    assert link.link_type is not None
    assert link.link_type.target_to_source == ""
    assert [i.id_readable for i in link.issues or []] == ["NP-92"]

"""Responses recorded from real YouTrack servers by other projects, as tests.

Each genuine recording (``INDEX.md``: real or real-via-client) must structure and
unstructure through the models without losing a declared attribute, and FakeYouTrack
must answer the same request, with the projection the recording shows, in the same
shape: the same keys, JSON types and ``$type``s (values may differ).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from aioyoutrack import structure, unstructure
from aioyoutrack._fields import wire_name
from aioyoutrack.models import (
    Agile,
    Issue,
    IssueComment,
    IssueLink,
    IssueLinkType,
    IssueWorkItem,
    Me,
    Project,
    Sprint,
    Tag,
    User,
    WorkItemType,
)
from aioyoutrack.resources.links import IssueLinksResource, _Slot
from aioyoutrack.testing import FakeYouTrack

from .realworld import SKIP_REASON, Recording, genuine_recordings

#: A request to the fake: method, path below the service root, query parameters, body.
Request = tuple[str, str, dict[str, Any], Any]


def _issue_with(fake: FakeYouTrack, attribute: str) -> str:
    return next(i.id_readable for i in fake.store.issues.values() if getattr(i, attribute))


def _agile(fake: FakeYouTrack) -> Any:
    return next(iter(fake.store.agiles.values()))


#: Endpoint (method and path template as INDEX.md writes it) -> the model the library
#: reads it with, and the same request to the demo fake.
ENDPOINTS: dict[str, tuple[Any, Callable[[FakeYouTrack], Request]]] = {
    "GET /api/agiles/{id}": (Agile, lambda f: ("GET", f"api/agiles/{_agile(f).id}", {}, None)),
    "GET /api/agiles": (list[Agile], lambda f: ("GET", "api/agiles", {}, None)),
    "GET /api/issues/{id}": (Issue, lambda f: ("GET", "api/issues/SP-1", {}, None)),
    "GET /api/issues/{id}/comments": (
        list[IssueComment],
        lambda f: ("GET", f"api/issues/{_issue_with(f, 'comments')}/comments", {}, None),
    ),
    "GET /api/issueLinkTypes": (
        list[IssueLinkType],
        lambda f: ("GET", "api/issueLinkTypes", {}, None),
    ),
    "GET /api/issues/{id}/links": (
        list[IssueLink],
        lambda f: ("GET", f"api/issues/{_issue_with(f, 'links')}/links", {}, None),
    ),
    "GET /api/issues/{id}/timeTracking/workItems": (
        list[IssueWorkItem],
        lambda f: (
            "GET",
            f"api/issues/{_issue_with(f, 'work_items')}/timeTracking/workItems",
            {},
            None,
        ),
    ),
    "GET /api/issues": (
        list[Issue],
        lambda f: ("GET", "api/issues", {"query": "project: SP", "$top": "10"}, None),
    ),
    "GET /api/admin/projects": (list[Project], lambda f: ("GET", "api/admin/projects", {}, None)),
    "GET /api/agiles/{id}/sprints/{sprintId}": (
        Sprint,
        lambda f: (
            "GET",
            f"api/agiles/{_agile(f).id}/sprints/{_agile(f).sprints[0].id}",
            {},
            None,
        ),
    ),
    "GET /api/agiles/{id}/sprints": (
        list[Sprint],
        lambda f: ("GET", f"api/agiles/{_agile(f).id}/sprints", {}, None),
    ),
    "GET /api/tags": (list[Tag], lambda f: ("GET", "api/tags", {}, None)),
    "GET /api/users": (list[User], lambda f: ("GET", "api/users", {}, None)),
    "GET /api/users/me": (Me, lambda f: ("GET", "api/users/me", {}, None)),
    "GET /api/admin/projects/{id}/timeTrackingSettings/workItemTypes": (
        list[WorkItemType],
        lambda f: ("GET", "api/admin/projects/SP/timeTrackingSettings/workItemTypes", {}, None),
    ),
    "POST /api/issues": (
        Issue,
        lambda f: (
            "POST",
            "api/issues",
            {},
            {"project": {"id": f.project("SP").id}, "summary": "Recorded"},
        ),
    ),
}

_ENDPOINT = re.compile(r"^(GET|POST) (/api/[^\s?]*)")


def _endpoint(recording: Recording) -> str:
    match = _ENDPOINT.match(recording.endpoint)
    assert match is not None, recording.endpoint
    return f"{match.group(1)} {match.group(2)}"


def _params(recording: Recording) -> dict[str, Any]:
    """Query parameters the recording's request had beyond ``fields``."""
    return {"customFields": ["State", "Type"]} if "customFields=" in recording.endpoint else {}


_RECORDINGS = genuine_recordings()
CASES = [pytest.param(r, id=r.name) for r in _RECORDINGS] or [
    pytest.param(None, id="absent", marks=pytest.mark.skip(reason=SKIP_REASON))
]


def test_every_genuine_recording_has_an_endpoint_here() -> None:
    if not _RECORDINGS:
        pytest.skip(SKIP_REASON)
    assert len(_RECORDINGS) == 20
    assert [r.name for r in _RECORDINGS if _endpoint(r) not in ENDPOINTS] == []


# --- the models ----------------------------------------------------------------------


def _losses(obj: Any, raw: Any, path: str) -> Iterator[str]:
    """Declared attributes of ``raw`` that ``obj`` (its structured form) does not give
    back unchanged after unstructuring."""
    if attrs.has(type(obj)) and isinstance(raw, dict):
        for attribute in attrs.fields(type(obj)):
            key = wire_name(attribute)
            if key in raw:
                yield from _losses(getattr(obj, attribute.name), raw[key], f"{path}.{key}")
    elif isinstance(obj, list) and isinstance(raw, list):
        if len(obj) != len(raw):
            yield f"{path}: {len(raw)} items became {len(obj)}"
        for index, (item, raw_item) in enumerate(zip(obj, raw, strict=False)):
            yield from _losses(item, raw_item, f"{path}[{index}]")
    elif unstructure(obj) != raw and not (raw is None and obj is None):
        yield f"{path}: {raw!r} came back as {unstructure(obj)!r}"


def _declared(obj: Any) -> int:
    """How many declared attributes ``obj`` holds (so a check is never vacuous)."""
    if isinstance(obj, list):
        return sum(_declared(item) for item in obj)
    if attrs.has(type(obj)):
        values = [getattr(obj, a.name) for a in attrs.fields(type(obj))]
        return sum(1 + _declared(v) for v in values if v is not None)
    return 0


@pytest.mark.parametrize("recording", CASES)
def test_a_recording_structures_and_unstructures_without_loss(recording: Recording) -> None:
    model, _ = ENDPOINTS[_endpoint(recording)]
    raw = recording.load()
    obj = structure(raw, model)
    assert _declared(obj) > 0
    assert list(_losses(obj, raw, "")) == []


# --- the fake --------------------------------------------------------------------------


def _projection(raw: Any) -> str:
    """The ``fields`` a response shows: every key, nested keys in parentheses."""
    keys: dict[str, Any] = {}
    _collect(raw, keys)
    return _render(keys)


def _collect(raw: Any, keys: dict[str, Any]) -> None:
    if isinstance(raw, list):
        for item in raw:
            _collect(item, keys)
    elif isinstance(raw, dict):
        for key, value in raw.items():
            if key == "$type":
                continue
            sub = keys.setdefault(key, {})
            _collect(value, sub)


def _render(keys: dict[str, Any]) -> str:
    return ",".join(f"{k}({_render(v)})" if v else k for k, v in keys.items())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _shape_diff(real: Any, fake: Any, path: str) -> Iterator[str]:
    """Where ``fake`` differs from ``real`` in keys, JSON types or ``$type``s (a null on
    either side is a value, not a shape)."""
    if real is None or fake is None:
        return
    if isinstance(real, frozenset) or isinstance(fake, frozenset):
        if not _kinds(real) & _kinds(fake):
            yield f"{path}: {sorted(_kinds(real))} recorded, {sorted(_kinds(fake))} faked"
    elif _kind(real) != _kind(fake):
        yield f"{path}: {_kind(real)} in the recording, {_kind(fake)} from the fake"
    elif isinstance(real, dict):
        if real.get("$type") != fake.get("$type"):
            yield f"{path}: $type {real.get('$type')} recorded, {fake.get('$type')} faked"
        if set(real) != set(fake):
            yield f"{path}: keys {sorted(set(real) ^ set(fake))} differ"
        if real.get("id") is not None and "id" in fake and fake["id"] is None:
            # An id is never a value that may be null (DurationValue's is the minutes).
            yield f"{path}.id: null from the fake"
        for key in set(real) & set(fake):
            yield from _shape_diff(real[key], fake[key], f"{path}.{key}")
    elif isinstance(real, list):
        real_by_type = _by_type(real)
        fake_by_type = _by_type(fake)
        if real_by_type and fake_by_type and not set(real_by_type) & set(fake_by_type):
            yield f"{path}: item $types {sorted(real_by_type)} vs {sorted(fake_by_type)}"
        for wire_type in set(real_by_type) & set(fake_by_type):
            yield from _shape_diff(real_by_type[wire_type], fake_by_type[wire_type], f"{path}[]")


def _merge(a: Any, b: Any) -> Any:
    """One value with the keys of both (items of one $type may differ in which values
    are null, and an entity met twice may carry more keys in one place)."""
    if a is None:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        merged = {k: _merge(a.get(k), b.get(k)) for k in {**a, **b} if k != "$type"}
        if "$type" in a or "$type" in b:
            merged["$type"] = a.get("$type", b.get("$type"))
        return merged
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if b is None:
        return a
    # Scalars of one $type differ by field (a date's number, a string field's str).
    return _kinds(a) | _kinds(b)


def _kinds(value: Any) -> frozenset[str]:
    return value if isinstance(value, frozenset) else frozenset({_kind(value)})


def _by_type(items: list[Any]) -> dict[str, Any]:
    """The items merged per ``$type`` (per JSON type for scalars)."""
    out: dict[str, Any] = {}
    for item in items:
        key = str(item.get("$type", "")) if isinstance(item, dict) else _kind(item)
        out[key] = _merge(out.get(key), item)
    return out


@pytest.mark.parametrize("recording", CASES)
async def test_the_fake_answers_a_recorded_request_in_the_recorded_shape(
    recording: Recording, api: Any, fake: FakeYouTrack
) -> None:
    _, request = ENDPOINTS[_endpoint(recording)]
    method, path, params, body = request(fake)
    raw = recording.load()
    params = {**params, **_params(recording), "fields": _projection(raw)}
    reply = await api.call(method, path, params=params, json_body=body)
    assert reply.status == 200, reply.body
    answer = reply.body
    if isinstance(raw, list):
        assert isinstance(answer, list)
        assert answer, "the demo fake has nothing to compare"
    assert list(_shape_diff(raw, answer, "")) == []
    assert fake.internal_errors == []


# --- link types: values too, not only shapes ---------------------------------------------


def _recording(name: str) -> Recording:
    found = [r for r in _RECORDINGS if r.name == name]
    if not found:
        pytest.skip(SKIP_REASON)
    return found[0]


_LINK_TYPE_KEYS = (
    "name",
    "sourceToTarget",
    "targetToSource",
    "directed",
    "aggregation",
    "readOnly",
    "localizedName",
)


async def test_the_fakes_link_types_are_the_recorded_ones(api: Any) -> None:
    recorded = _recording("moneymeets-youtrack-sdk/issue_link_types.json").load()
    reply = await api.get("api/issueLinkTypes", fields=",".join(_LINK_TYPE_KEYS))
    assert [{k: t[k] for k in _LINK_TYPE_KEYS} for t in reply.body] == [
        {k: t[k] for k in _LINK_TYPE_KEYS} for t in recorded
    ]


def test_the_librarys_link_slots_are_the_recorded_ones() -> None:
    recorded = _recording("moneymeets-youtrack-sdk/issue_links.json").load()
    for slot in structure(recorded, list[IssueLink]):
        assert slot.link_type is not None
        side = {"OUTWARD": "outward", "INWARD": "inward", "BOTH": "both"}[str(slot.direction)]
        assert _Slot(slot.link_type, side).link_id == slot.id
        # The outward slot reads the type's sourceToTarget phrase, the inward one
        # targetToSource: a phrase resolves to the slot it names.
        phrase = (
            slot.link_type.target_to_source if side == "inward" else slot.link_type.source_to_target
        )
        assert IssueLinksResource._implied(slot.link_type, phrase or "") == (
            side if slot.link_type.directed else "outward"
        )

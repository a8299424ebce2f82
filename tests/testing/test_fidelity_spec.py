"""FakeYouTrack renders only what the spec (YouTrack 2025.3 ``openapi.json``) declares.

Main endpoints are read with a broad ``fields`` derived from the spec itself: at each
level, every property of the declared schema and of all its subtypes (so a sibling
subtype's attribute leaking into an entity shows up), nested three levels deep, one
request per top-level property. Every rendered entity is then checked against the spec
schema of its own ``$type`` (``allOf`` inheritance followed): each key must exist there,
a nested entity's ``$type`` must be the declared schema or one of its subtypes, and
scalars must have the declared JSON kind. A static check covers the attributes the fake
could render that no request asks for. The few keys JetBrains' documentation shows but
the spec lacks are listed in ``DOCUMENTED`` with their source.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from shared_data import ground_truth

from aioyoutrack.testing import FakeYouTrack, _state
from aioyoutrack.testing._state.settings import SETTINGS
from aioyoutrack.testing._wire.projection import Entity

_SPEC = json.loads((ground_truth() / "openapi.json").read_text())
_SCHEMAS: dict[str, Any] = _SPEC["components"]["schemas"]

_BUNDLES = ("EnumBundle", "StateBundle", "VersionBundle", "BuildBundle", "OwnedBundle")
#: Attributes the documentation shows although the 2025.3 spec does not declare them.
DOCUMENTED: dict[str, frozenset[str]] = {
    # Samples 001, 007, 008, 014 and 016 show ``name`` (the full name) on users.
    "User": frozenset({"name"}),
    "Me": frozenset({"name"}),
    # Sample 024 lists bundles with ``name``; user bundles have one too.
    **{bundle: frozenset({"name"}) for bundle in (*_BUNDLES, "UserBundle")},
    # Sample 005 asks projects for ``ringId`` (their Hub id).
    "Project": frozenset({"ringId"}),
    # Sample 023 asks for ``fieldType(valueType)``; the 2019.1 FieldType reference sample
    # (jetbrains.com/help/youtrack/server/2019.1/resource-api-admin-customFieldSettings-
    # types.html) prints ``isMultiValue``, ``presentation`` and ``valueType``.
    "FieldType": frozenset({"valueType", "isMultiValue", "presentation"}),
}


# --- the spec -------------------------------------------------------------------------
def _schema_of_type(wire_type: str) -> str | None:
    """The schema a ``$type`` names (discriminator mappings rename two of them)."""
    if wire_type in _SCHEMAS:
        return wire_type
    for schema in _SCHEMAS.values():
        mapping = (schema.get("discriminator") or {}).get("mapping") or {}
        if wire_type in mapping:
            return str(mapping[wire_type]).rsplit("/", 1)[1]
    return None


@functools.cache
def _properties(name: str) -> dict[str, Any]:
    """Every property of a schema, inherited ones included."""
    schema = _SCHEMAS[name]
    out: dict[str, Any] = {}
    for part in schema.get("allOf", [schema]):
        if "$ref" in part:
            out.update(_properties(part["$ref"].rsplit("/", 1)[1]))
        else:
            out.update(part.get("properties", {}))
    return out


@functools.cache
def _ancestors(name: str) -> frozenset[str]:
    found = {name}
    for part in _SCHEMAS[name].get("allOf", []):
        if "$ref" in part:
            found |= _ancestors(part["$ref"].rsplit("/", 1)[1])
    return frozenset(found)


@functools.cache
def _family(name: str) -> frozenset[str]:
    """A schema and all its subtypes."""
    return frozenset(other for other in _SCHEMAS if name in _ancestors(other))


def _ref(prop: dict[str, Any]) -> str | None:
    if prop.get("type") == "array":
        prop = prop.get("items", {})
    ref = prop.get("$ref")
    return str(ref).rsplit("/", 1)[1] if ref else None


@functools.cache
def _level(names: frozenset[str]) -> dict[str, frozenset[str]]:
    """Attribute -> schemas it may hold, over ``names`` and all their subtypes."""
    out: dict[str, set[str]] = {}
    for name in names:
        for member in _family(name):
            for key, prop in _properties(member).items():
                if key != "$type":
                    refs = out.setdefault(key, set())
                    if (ref := _ref(prop)) is not None:
                        refs.add(ref)
    return {key: frozenset(refs) for key, refs in out.items()}


def _fields(names: frozenset[str], depth: int) -> str:
    parts = []
    for key, refs in sorted(_level(names).items()):
        parts.append(f"{key}({_fields(refs, depth - 1)})" if refs and depth > 1 else key)
    return ",".join(parts)


#: Longest ``fields`` per request; percent-encoded it stays below aiohttp's 8190-byte
#: request line limit.
_BUDGET = 2500


def _requests(schema: str) -> Iterator[str]:
    """``fields`` values covering ``schema`` four levels deep, split to fit the budget."""
    return _split("", "", frozenset({schema}), 4)


def _split(before: str, after: str, names: frozenset[str], depth: int) -> Iterator[str]:
    # Everything below ``before``...``after`` in one request if it fits, else all keys of
    # this level in one request and each entity-valued key's subtree in its own.
    whole = _fields(names, depth)
    if len(before) + len(whole) + len(after) <= _BUDGET or depth == 1:
        yield f"{before}{whole}{after}"
        return
    level = _level(names)
    yield before + ",".join(sorted(level)) + after
    for key, refs in sorted(level.items()):
        if refs:
            yield from _split(f"{before}{key}(", f"){after}", refs, depth - 1)


def _response_schema(path: str) -> str:
    """The schema of the 200 answer of ``GET path`` (a concrete path below ``api/``)."""
    segments = path.split("/")
    for template, operations in _SPEC["paths"].items():
        parts = template.strip("/").split("/")
        if len(parts) != len(segments) or "get" not in operations:
            continue
        if all(p == s or p.startswith("{") for p, s in zip(parts, segments, strict=True)):
            content = operations["get"]["responses"]["200"]["content"]
            ref = _ref(content["application/json"]["schema"])
            assert ref is not None, template
            return ref
    raise AssertionError(f"GET /{path} is not in the spec")


# --- checking a response --------------------------------------------------------------
def _allowed(wire_type: str) -> frozenset[str] | None:
    name = _schema_of_type(wire_type)
    if name is None:
        return None
    return frozenset(_properties(name)) | DOCUMENTED.get(wire_type, frozenset())


_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
}


def _problems(
    data: Any, parent: str | None = None, key: str = "", root: str | None = None
) -> Iterator[str]:
    """What in ``data`` the spec does not allow; ``root`` is the schema the answer has."""
    if isinstance(data, list):
        for item in data:
            yield from _problems(item, parent, key, root)
        return
    if not isinstance(data, dict):
        return
    where = f"{parent}.{key}" if parent is not None else "the answer"
    wire_type = data.get("$type")
    if not isinstance(wire_type, str):
        yield f"{where}: an entity without $type: {sorted(data)}"
        return
    allowed = _allowed(wire_type)
    if allowed is None:
        yield f"{where}: $type {wire_type} is not in the spec"
        return
    schema = _schema_of_type(wire_type) or wire_type
    declared = _declared(parent, key) if parent is not None else root
    if declared is not None and declared not in _ancestors(schema):
        yield f"{where}: {wire_type} is not a {declared}"
    properties = _properties(schema)
    for name, value in data.items():
        if name not in allowed:
            yield f"{wire_type}.{name}: not in the spec"
        elif value is not None and name in properties:
            kind = properties[name].get("type")
            ok = _KINDS.get(kind, (object,))
            wrong_bool = isinstance(value, bool) and kind in ("integer", "number")
            if not isinstance(value, ok) or wrong_bool:
                yield f"{wire_type}.{name}: {kind} expected, got {value!r}"
        yield from _problems(value, wire_type, name)


def _declared(parent: str, key: str) -> str | None:
    name = _schema_of_type(parent)
    prop = _properties(name).get(key) if name else None
    return _ref(prop) if prop else None


# --- the data -------------------------------------------------------------------------
#: ``fake`` (root conftest): the demo seed with few issues, so nested issue lists are
#: rendered three levels deep.
pytestmark = pytest.mark.fake(issues=24)


async def _rich(fake: FakeYouTrack, api: Any) -> dict[str, str]:
    """Give SP-1 one of everything; ids of the things made."""
    fake.update_issue(
        "SP-1",
        State="Fixed",
        Estimation="2h",
        Release_notes="notes",
        Due_Date="2024-01-01",
        Requester_email="a@example.com",
        Fix_versions=["1.0"],
    )
    fake.link("SP-1", "depends on", "SP-2")
    fake.link("SP-1", "relates to", "SP-3")
    fake.link("SP-4", "subtask of", "SP-1")
    fake.tag_issue("SP-1", "fidelity")
    attachment = fake.add_attachment("SP-1", "log.txt", b"x", "text/plain")
    item = fake.add_work_item("SP-1", "1h", text="work", type="Development")
    agile = fake.add_agile("Board", ["SP"])
    sprint = fake.add_sprint(agile, "Sprint A", issues=["SP-1"])
    fake.add_saved_query("Mine", "for: me")
    article = fake.add_article("SP", "How to", "text")
    reply = await api.post(
        "api/issues/SP-1/comments",
        {"text": "secret", "visibility": {"$type": "LimitedVisibility", "permittedGroups": []}},
        fields="id",
    )
    await api.post(f"api/articles/{article.id}/comments", {"text": "nice"})
    await api.post("api/issues/SP-1", {"summary": "Renamed", "description": "New text"})
    return {
        "comment": reply.body["id"],
        "attachment": attachment.id,
        "item": item.id,
        "agile": agile.id,
        "sprint": sprint.id,
        "article": article.id,
    }


_CATEGORIES = (
    "IssueCreatedCategory,CustomFieldCategory,SummaryCategory,DescriptionCategory,"
    "IssueResolvedCategory,CommentsCategory,TagsCategory,LinksCategory,AttachmentsCategory,"
    "WorkItemCategory,SprintCategory"
)
_PATHS = (
    "users/me",
    "users/{root}",
    "users",
    "issues",
    "issues/SP-1",
    "issues/SP-1/customFields",
    "issues/MOB-1/customFields",
    "issues/SP-1/comments",
    "issues/SP-1/links",
    "issues/SP-1/tags",
    "issues/SP-1/attachments/{attachment}",
    "issues/SP-1/timeTracking/workItems",
    "issues/SP-1/sprints",
    "issues/SP-1/activities",
    "issues/SP-1/activitiesPage",
    "tags",
    "issueLinkTypes",
    "admin/projects",
    "admin/projects/MOB/customFields",
    "admin/customFieldSettings/customFields",
    "admin/customFieldSettings/bundles/enum",
    "admin/customFieldSettings/bundles/state",
    "admin/customFieldSettings/bundles/version",
    "admin/customFieldSettings/bundles/build",
    "admin/customFieldSettings/bundles/ownedField",
    "admin/customFieldSettings/bundles/user",
    "admin/customFieldSettings/types",
    "admin/timeTrackingSettings/workItemTypes",
    "groups",
    "agiles/{agile}",
    "agiles/{agile}/sprints/{sprint}",
    "savedQueries",
    "articles/{article}",
    "articles/{article}/comments",
    "workItems",
)


@pytest.mark.parametrize("template", _PATHS)
async def test_rendered_attributes_are_declared_by_the_spec(
    fake: FakeYouTrack, api: Any, template: str
) -> None:
    ids = await _rich(fake, api)
    path = template.format(root=fake.user("root").id, **ids)
    schema = _response_schema(path)
    extra = {"$top": "-1"}
    if "activities" in path:
        extra["categories"] = _CATEGORIES
    problems: set[str] = set()
    for fields in _requests(schema):
        reply = await api.get(f"api/{path}", fields=fields, **extra)
        assert reply.status == 200, (fields, reply.body)
        assert reply.body not in (None, []), f"nothing to check at {path}"
        problems.update(_problems(reply.body, root=schema))
    assert not problems, sorted(problems)


def test_the_walk_reaches_the_nested_custom_field_values() -> None:
    requests = list(_requests("Issue"))
    assert any("customFields(" in r and "value(" in r and "color(" in r for r in requests)
    assert all(len(r) <= _BUDGET for r in requests)


def test_the_checker_finds_undeclared_keys_and_wrong_nesting() -> None:
    found = set(
        _problems(
            {
                "$type": "Issue",
                "summary": 1,
                "project": {"$type": "User", "id": "1-1"},
                "reporter": {"$type": "User", "nope": True, "name": "x"},
                "tags": [{"id": "6-1"}],
            },
            root="Issue",
        )
    )
    assert found == {
        "Issue.summary: string expected, got 1",
        "Issue.project: User is not a Project",
        "User.nope: not in the spec",
        "Issue.tags: an entity without $type: ['id']",
    }
    assert list(_problems([{"$type": "Issue"}], root="User")) == ["the answer: Issue is not a User"]


# --- attributes no request asks for ----------------------------------------------------
def _entity_classes() -> list[type[Entity]]:
    found: dict[str, type[Entity]] = {}
    for info in pkgutil.iter_modules(_state.__path__):
        module = importlib.import_module(f"{_state.__name__}.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Entity) and cls is not Entity and cls.__module__ == module.__name__:
                found[name] = cls
    return list(found.values())


def _rendered_types(fake: FakeYouTrack) -> dict[type[Entity], set[str]]:
    """The ``$type`` names each entity class takes in a seeded store."""
    out: dict[type[Entity], set[str]] = {}
    store = fake.store
    pools: list[Any] = [
        store.users.values(),
        store.groups.values(),
        store.projects.values(),
        store.fields.values(),
        store.bundles.values(),
        store.elements.values(),
        store.issues.values(),
        store.comments.values(),
        store.tags.values(),
        store.link_types.values(),
        store.attachments.values(),
        store.work_items.values(),
        store.work_item_types.values(),
        store.agiles.values(),
        store.sprints.values(),
        store.saved_queries.values(),
        store.articles.values(),
        store.article_comments.values(),
        store.activities,
        [pcf for project in store.projects.values() for pcf in project.fields],
        [a.field for a in store.activities if a.field is not None],
        [a.category for a in store.activities],
        [c.visibility for c in store.comments.values()],
    ]
    for pool in pools:
        for entity in pool:
            out.setdefault(type(entity), set()).add(entity.wire_type)
    return out


async def test_every_attribute_the_fake_knows_is_declared(fake: FakeYouTrack, api: Any) -> None:
    await _rich(fake, api)
    types = _rendered_types(fake)
    problems: list[str] = []
    for cls in _entity_classes():
        wire_types = types.get(cls)
        if wire_types is None:
            static = cls.__dict__.get("wire_type")
            if not isinstance(static, str):
                continue  # a view built on the fly; the HTTP walk covers it
            wire_types = {static}
        known: set[str] = set()
        for wire_type in wire_types:
            allowed = _allowed(wire_type)
            assert allowed is not None, f"{cls.__name__} renders as {wire_type}, not in the spec"
            known |= allowed
        problems.extend(f"{cls.__name__}.{key}" for key in cls.WIRE if key not in known)
    assert not problems, problems


#: Attributes the spec declares that the fake never returns (a projection asking for
#: them gets nothing); docs/guides/testing.md lists them under "What it does not model".
NOT_MODELLED: dict[str, frozenset[str]] = {
    "Agile": frozenset({"colorCoding", "columnSettings", "status", "swimlaneSettings"}),
}


async def test_every_attribute_the_spec_declares_is_rendered(fake: FakeYouTrack, api: Any) -> None:
    # The converse of the check above: an attribute the spec declares for an entity the
    # fake serves and the fake does not know is silently missing from every answer.
    await _rich(fake, api)
    types = _rendered_types(fake)
    missing: dict[str, set[str]] = {}
    for cls in _entity_classes():
        for wire_type in types.get(cls, ()):
            schema = _schema_of_type(wire_type)
            assert schema is not None, wire_type
            absent = set(_properties(schema)) - set(cls.WIRE) - {"$type"}
            if absent:
                missing.setdefault(wire_type, set()).update(absent)
    assert missing == {name: set(keys) for name, keys in NOT_MODELLED.items()}


#: Settings and health records (built from data, not entity classes): their paths.
RECORD_PATHS = [
    *SETTINGS,
    "admin/telemetry",
    "admin/timeTrackingSettings",
    "users/me/profiles/general",
    "users/me/profiles/notifications",
    "users/me/profiles/timetracking",
]


def _projection(schema: str, depth: int = 1) -> str:
    """``fields=`` naming every property of ``schema``, and of the objects it holds to
    ``depth`` levels."""
    parts = []
    for key, spec in _properties(schema).items():
        target = spec.get("$ref") or (spec.get("items") or {}).get("$ref")
        if target and depth:
            parts.append(f"{key}({_projection(target.rsplit('/', 1)[1], depth - 1)})")
        else:
            parts.append(key)
    return ",".join(parts)


@pytest.mark.parametrize("path", RECORD_PATHS)
async def test_every_attribute_the_spec_declares_is_in_settings_records(
    fake: FakeYouTrack, api: Any, path: str
) -> None:
    # The entity check above does not see records; a review found Telemetry's cache
    # figures, EmailSettings.sslKey and attributePrototypes missing.
    first = await api.get(f"api/{path}", fields="$type")
    schema = _schema_of_type(first.body["$type"])
    assert schema is not None
    reply = await api.get(f"api/{path}", fields=_projection(schema))
    missing = []
    pending = [(schema, reply.body)]
    while pending:
        name, value = pending.pop()
        for key, spec in _properties(name).items():
            if key != "$type" and key not in value:
                missing.append(f"{name}.{key}")
            nested = value.get(key)
            if isinstance(nested, dict) and spec.get("$ref"):
                inner = _schema_of_type(nested.get("$type", "")) or spec["$ref"].rsplit("/", 1)[1]
                if name != inner:
                    pending.append((inner, nested))
    assert missing == []

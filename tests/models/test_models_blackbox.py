"""Black-box (public API only): models, the converter, fields_for, reading and writing
custom fields.

Written for issue #3.
"""

from __future__ import annotations

import datetime as dt
import inspect
import typing
from types import SimpleNamespace
from typing import Any

import attrs
import pytest

import aioyoutrack
import aioyoutrack.models as M
from aioyoutrack import (
    CustomFieldError,
    InvalidRequestError,
    Issue,
    Project,
    ResponseValidationError,
    UnknownCustomFieldError,
    User,
    encode_custom_field,
    encode_custom_fields,
    field_metadata,
    fields_for,
    structure,
    unstructure,
)

UTC = dt.timezone.utc

# ---------------------------------------------------------------- 1. the models


REQUIRED = [
    "User",
    "Me",
    "UserGroup",
    "Project",
    "Issue",
    "IssueComment",
    "IssueAttachment",
    "IssueLink",
    "IssueLinkType",
    "Tag",
    "SavedQuery",
    "IssueWorkItem",
    "WorkItemType",
    "DurationValue",
    "Agile",
    "Sprint",
    "Article",
    "ArticleComment",
    "CommandList",
    "ActivityItem",
    "ActivityCursorPage",
    "CustomField",
    "FieldType",
    "ProjectCustomField",
    "IssueCustomField",
    "StateMachineIssueCustomField",
    "SingleValueIssueCustomField",
    "MultiValueIssueCustomField",
    "EnumBundleElement",
    "StateBundleElement",
    "VersionBundleElement",
    "BuildBundleElement",
    "OwnedBundleElement",
    "PeriodValue",
    "TextFieldValue",
    "LimitedVisibility",
    "UnlimitedVisibility",
    "EnumBundle",
    "StateBundle",
    "VersionBundle",
    "BuildBundle",
    "OwnedBundle",
    "UserBundle",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_models_exist_and_are_all_optional(name: str) -> None:
    cls = getattr(M, name)
    assert attrs.has(cls)
    obj = cls()  # every attribute optional, id included
    assert all(getattr(obj, f.name) is None for f in attrs.fields(cls))
    assert (cls.__doc__ or "").strip()


@pytest.mark.parametrize("name", ["User", "Project", "Issue", "IssueComment", "Tag", "CommandList"])
def test_main_models_importable_from_the_package(name: str) -> None:
    assert getattr(aioyoutrack, name) is getattr(M, name)


def _spec_props(sc: dict[str, Any], name: str) -> set[str]:
    schema = sc[name]
    found = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        if "$ref" in part:
            found |= _spec_props(sc, part["$ref"].rsplit("/", 1)[-1])
        found |= set(part.get("properties", {}))
    return found


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _wire_map(sc: dict[str, Any]) -> dict[str, str]:
    wire: dict[str, str] = {}
    for schema in sc.values():
        for tag, ref in schema.get("discriminator", {}).get("mapping", {}).items():
            wire[tag] = ref.rsplit("/", 1)[-1]
    return wire


# Attributes the server returns although the spec does not list them, each with its
# documentation source: bundles carry ``name`` (samples 024 and 025), users ``name``
# (samples 001, 007, 008 and 014).
DOCUMENTED_OUTSIDE_SPEC = {"name": ("Bundle", "User", "Me")}


def test_every_model_attribute_exists_in_its_spec_schema(acc: SimpleNamespace) -> None:
    sc = acc.load_spec()["components"]["schemas"]
    wire = _wire_map(sc)
    key = next(k for k in field_metadata(wire_name="x") if "wire" in k)
    problems = []
    for name in M.__all__:
        cls = getattr(M, name)
        if not (inspect.isclass(cls) and attrs.has(cls)):
            continue
        schema = wire.get(cls.__name__, cls.__name__)
        assert schema in sc, f"{name} has no schema"
        props = _spec_props(sc, schema)
        for f in attrs.fields(cls):
            on_wire = f.metadata.get(key) or _camel(f.name)
            if on_wire in props:
                continue
            allowed = DOCUMENTED_OUTSIDE_SPEC.get(on_wire, ())
            if any(base in schema for base in allowed):
                continue
            problems.append(f"{name}.{f.name} ({on_wire})")
    assert problems == []


@pytest.mark.parametrize(
    "root", ["IssueCustomField", "ProjectCustomField", "BundleElement", "ActivityItem"]
)
def test_every_spec_type_of_a_family_has_a_class(acc: SimpleNamespace, root: str) -> None:
    sc = acc.load_spec()["components"]["schemas"]
    tags = sc[root]["discriminator"]["mapping"]
    base = getattr(M, root)
    for tag in tags:
        got = structure({"$type": tag, "id": "1-1"}, base)
        assert type(got).__name__ == tag
        assert got.id == "1-1"


# ---------------------------------------------------------------- 2. the converter


def _sample(acc: SimpleNamespace, prefix: str) -> dict[str, Any]:
    return next(d for n, d in acc.load_samples() if n.startswith(prefix))


def test_sample_001_projects(acc: SimpleNamespace) -> None:
    projects = structure(_sample(acc, "001")["response"], list[Project])
    rap = projects[0]
    assert (rap.id, rap.name, rap.short_name) == ("0-2", "Rest Api Project", "RAP")
    assert isinstance(rap.leader, User)
    assert rap.leader.login == "john.doe"
    assert rap.created_by is not None
    assert rap.created_by.id == "1-2"


def test_sample_002_projects(acc: SimpleNamespace) -> None:
    projects = structure(_sample(acc, "002")["response"], list[Project])
    assert [p.short_name for p in projects][:3] == ["GRP", "RAP", "RP"]


def test_sample_006_and_007_me(acc: SimpleNamespace) -> None:
    me = structure(_sample(acc, "006")["response"], M.Me)
    assert me.id == "1-2"
    assert me.login is None
    me = structure(_sample(acc, "007")["response"], M.Me)
    assert (me.login, me.email) == ("john.doe", "john.doe@example.com")


@pytest.mark.parametrize("prefix", ["008", "009", "010", "011"])
def test_issue_list_samples(acc: SimpleNamespace, prefix: str) -> None:
    data = _sample(acc, prefix)["response"]
    issues = structure(data, list[Issue])
    assert len(issues) == len(data)
    for issue, raw in zip(issues, data, strict=True):
        assert issue.id == raw.get("id")
        assert issue.summary == raw.get("summary")
        assert issue.project is not None
        assert issue.project.name == raw["project"]["name"]


def test_sample_008_nested_custom_fields(acc: SimpleNamespace) -> None:
    issue = structure(_sample(acc, "008")["response"][0], Issue)
    assert issue.fields["Priority"] == "Major"
    assignee = issue.fields["Assignee"]
    assert isinstance(assignee, User)
    assert assignee.login == "jane.doe"


def test_sample_013_minimal_create_response(acc: SimpleNamespace) -> None:
    issue = structure(_sample(acc, "013")["response"], Issue)
    assert issue.id == "2-38"
    assert issue.summary is None


def test_sample_014_every_custom_field_shape(acc: SimpleNamespace) -> None:
    issue = structure(_sample(acc, "014")["response"][0], Issue)
    assert issue.id is None  # documented response lacks id
    assert issue.id_readable == "SP-47"
    f = issue.fields
    assert f["Priority"] == "Show-stopper"
    assert f["Type"] == "Task"
    assert f["State"] == "Open"
    assert isinstance(f["Assignee"], User)
    assert f["Assignee"].login == "jane.doe"
    assert f["Subsystem"] is None
    assert f["Fix versions"] == []
    assert f["Affected versions"] == []
    assert f["Fixed in build"] is None
    assert isinstance(issue.custom_field("Priority"), M.SingleEnumIssueCustomField)
    assert isinstance(issue.custom_field("State"), M.StateIssueCustomField)
    assert isinstance(issue.custom_field("Fix versions"), M.MultiVersionIssueCustomField)
    with pytest.raises(CustomFieldError):
        issue.custom_field("Nope")
    with pytest.raises(KeyError):
        issue.custom_field("Nope")


def test_sample_016_values_without_type_read_as_plain_values(acc: SimpleNamespace) -> None:
    """Sample 016 is a documented response whose custom fields carry no ``$type`` (it was
    not asked for). ``issue.fields`` must still give plain values (issue #3 point 4: enum
    -> name, user -> User, multi-value -> list), not raw camelCase JSON dicts."""
    issue = structure(_sample(acc, "016")["response"], Issue)
    f = issue.fields
    assert f["Requester email"] == "test@example.com"
    assert f["Priority"] == "Major"
    assert isinstance(f["Assignee"], User)
    assert f["Assignee"].login == "jane.doe"
    assert f["Fix versions"] == ["2019.1"]


def test_sample_021_global_custom_fields(acc: SimpleNamespace) -> None:
    fields = structure(_sample(acc, "021")["response"], list[M.CustomField])
    prio = fields[0]
    assert prio.name == "Priority"
    assert prio.id == "58-1"
    assert prio.instances is not None
    assert isinstance(prio.instances[0], M.EnumProjectCustomField)
    assert prio.instances[0].project is not None
    assert prio.instances[0].project.name == "Sample Project"


def test_sample_024_enum_bundles(acc: SimpleNamespace) -> None:
    bundles = structure(_sample(acc, "024")["response"], list[M.EnumBundle])
    assert bundles[0].name == "Priorities"
    assert bundles[0].values is not None
    assert [v.name for v in bundles[0].values] == ["Major", "Normal", "Minor"]
    assert all(isinstance(v, M.EnumBundleElement) for v in bundles[0].values)


def test_sample_031_links(acc: SimpleNamespace) -> None:
    links = structure(_sample(acc, "031")["response"], list[M.IssueLink])
    assert links[0].link_type is not None
    assert links[0].link_type.source_to_target == "relates to"
    assert links[0].link_type.target_to_source == ""
    assert links[0].issues is not None
    assert links[0].issues[0].id_readable == "NP-92"


def test_every_sample_response_structures(acc: SimpleNamespace) -> None:
    plan: dict[str, Any] = {
        "/api/admin/projects": list[Project],
        "/api/users/me": M.Me,
        "/api/issues": list[Issue],
        "/api/admin/customFieldSettings/customFields": list[M.CustomField],
        "/api/admin/customFieldSettings/bundles/enum": list[M.EnumBundle],
    }
    checked = 0
    for name, sample in acc.load_samples():
        data = sample["response"]
        if data is None or sample["status"] != 200:
            continue
        path = sample["path"]
        model = plan.get(path)
        if path.startswith("/api/issues/") and path.endswith("/links"):
            model = list[M.IssueLink]
        elif path.startswith("/api/issues") and isinstance(data, dict):
            model = Issue
        assert model is not None, name
        structure(data, model)
        checked += 1
    assert checked >= 15


def test_unknown_type_falls_back_to_the_root() -> None:
    data = {"$type": "HologramIssueCustomField", "id": "92-9", "name": "Mood", "value": 3}
    cf = structure(data, M.IssueCustomField)
    assert type(cf) is M.IssueCustomField
    assert (cf.id, cf.name) == ("92-9", "Mood")
    el = structure({"$type": "QuantumBundleElement", "name": "Q", "id": "1"}, M.BundleElement)
    assert type(el) is M.BundleElement
    assert el.name == "Q"
    act = structure({"$type": "TeleportActivityItem", "id": "a", "timestamp": 0}, M.ActivityItem)
    assert type(act) is M.ActivityItem
    assert act.timestamp == dt.datetime(1970, 1, 1, tzinfo=UTC)
    issue = structure({"customFields": [data]}, Issue)
    assert issue.fields["Mood"] == 3


@pytest.mark.parametrize(
    ("wire", "value", "expected"),
    [
        ("SingleValueIssueCustomField", {"$type": "EnumBundleElement", "name": "Open"}, "Open"),
        (
            "MultiValueIssueCustomField",
            [
                {"$type": "EnumBundleElement", "name": "a"},
                {"$type": "EnumBundleElement", "name": "b"},
            ],
            ["a", "b"],
        ),
    ],
)
def test_database_wire_names_give_plain_values(wire: str, value: Any, expected: Any) -> None:
    """The ``SingleValueIssueCustomField``/``MultiValueIssueCustomField`` wire names (issue #3
    point 1) hold bundle elements that name their own ``$type``; ``issue.fields`` should read
    them like every other bundle value (point 4), not as raw JSON dicts."""
    issue = structure({"customFields": [{"$type": wire, "name": "F", "value": value}]}, Issue)
    assert type(issue.custom_fields[0]).__name__ == wire
    assert issue.fields["F"] == expected


def test_timestamps_are_aware_utc_and_round_trip() -> None:
    issue = structure({"created": 1700000000123, "updated": 0, "resolved": None}, Issue)
    assert issue.created == dt.datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)
    assert issue.created.tzinfo is not None
    assert issue.updated == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert issue.resolved is None
    assert unstructure(issue)["created"] == 1700000000123
    plus5 = dt.timezone(dt.timedelta(hours=5))
    assert unstructure(Issue(created=dt.datetime(2024, 1, 1, 5, tzinfo=plus5)))["created"] == (
        1704067200000
    )
    with pytest.raises(InvalidRequestError):
        unstructure(Issue(created=dt.datetime(2024, 1, 1)))


def test_date_and_period_and_simple_values() -> None:
    issue = structure(
        {
            "customFields": [
                {"$type": "DateIssueCustomField", "name": "Due", "value": 1709294400000},
                {
                    "$type": "PeriodIssueCustomField",
                    "name": "Est",
                    "value": {"$type": "PeriodValue", "minutes": 150, "presentation": "2h 30m"},
                },
                {"$type": "SimpleIssueCustomField", "name": "Int", "value": 3},
                {"$type": "SimpleIssueCustomField", "name": "Float", "value": 2.5},
                {"$type": "SimpleIssueCustomField", "name": "Str", "value": "x"},
                {
                    "$type": "TextIssueCustomField",
                    "name": "Text",
                    "value": {"$type": "TextFieldValue", "text": "hello"},
                },
                {"$type": "PeriodIssueCustomField", "name": "NoEst", "value": None},
            ]
        },
        Issue,
    )
    f = issue.fields
    assert f["Due"] == dt.date(2024, 3, 1)
    assert type(f["Due"]) is dt.date
    assert f["Est"] == dt.timedelta(hours=2, minutes=30)
    period = issue.custom_field("Est").value
    assert isinstance(period, M.PeriodValue)
    assert period.presentation == "2h 30m"
    assert period.timedelta == dt.timedelta(minutes=150)
    assert (f["Int"], f["Float"], f["Str"], f["Text"], f["NoEst"]) == (3, 2.5, "x", "hello", None)
    assert type(f["Int"]) is int
    assert type(f["Float"]) is float
    # a date is written back as midday UTC
    assert unstructure(issue)["customFields"][0]["value"] == 1709294400000


def test_date_and_time_simple_field_reads_as_datetime() -> None:
    issue = structure(
        {
            "customFields": [
                {
                    "$type": "SimpleIssueCustomField",
                    "name": "Reviewed at",
                    "value": 1714557600000,
                    "projectCustomField": {
                        "$type": "SimpleProjectCustomField",
                        "field": {"fieldType": {"id": "date and time"}},
                    },
                }
            ]
        },
        Issue,
    )
    assert issue.fields["Reviewed at"] == dt.datetime(2024, 5, 1, 10, tzinfo=UTC)


def test_unstructure_leaves_out_unset_and_writes_type() -> None:
    body = unstructure(M.LimitedVisibility(permitted_groups=[M.UserGroup(id="3-1")]))
    assert body == {
        "$type": "LimitedVisibility",
        "permittedGroups": [{"id": "3-1", "$type": "UserGroup"}],
    } or body == {"$type": "LimitedVisibility", "permittedGroups": [{"id": "3-1"}]}
    assert unstructure(User(login="x"))["login"] == "x"
    assert "fullName" not in unstructure(User(login="x"))
    assert unstructure(M.IssueComment(text="hi")) in (
        {"text": "hi"},
        {"text": "hi", "$type": "IssueComment"},
    )


def test_structure_unstructure_round_trip_of_a_full_issue(acc: SimpleNamespace) -> None:
    raw = _sample(acc, "014")["response"][0]
    issue = structure(raw, Issue)
    again = structure(unstructure(issue), Issue)
    assert again == issue


def test_bad_bodies_raise_response_validation_error_with_paths() -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure({"created": "yesterday", "votes": "many"}, Issue)
    joined = "\n".join(info.value.errors)
    assert "$.created" in joined
    assert "$.votes" in joined
    with pytest.raises(ResponseValidationError) as info:
        structure(
            {
                "customFields": [
                    {"$type": "PeriodIssueCustomField", "name": "E", "value": {"minutes": "lots"}}
                ]
            },
            Issue,
        )
    assert any("customFields[0].value" in e for e in info.value.errors)
    for bad in (None, [1], "x", 3):
        with pytest.raises(ResponseValidationError):
            structure(bad, Issue)
    with pytest.raises(ResponseValidationError):
        structure({"created": 10**20}, Issue)
    with pytest.raises(ResponseValidationError):
        structure([{"id": 1}, "nope"], list[Project])


# ---------------------------------------------------------------- 3. fields_for


def test_fields_for_project_golden() -> None:
    got = fields_for(Project)
    top = _top_level(got)
    assert {"id", "name", "shortName"} <= set(top)
    assert "leader(" in got
    assert "$type" in got.split("leader(")[1]
    assert fields_for(Project) == got


def test_fields_for_issue_golden() -> None:
    got = fields_for(Issue)
    top = _top_level(got)
    assert {"id", "idReadable", "summary", "project", "customFields", "created"} <= set(top)
    cf = got.split("customFields(", 1)[1]
    assert cf.startswith("$type") or "$type" in cf.split("value(")[0]
    value = cf.split("value(", 1)[1]
    for key in ("name", "login", "minutes", "presentation", "text", "$type", "isResolved"):
        assert key in value
    # no projectCustomField chain per custom field (half of a page's bytes): the client
    # types date-and-time values from the project's schema instead
    assert "projectCustomField" not in got


def _top_level(projection: str) -> list[str]:
    names, depth, cur = [], 0, ""
    for ch in projection:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            names.append(cur)
            cur = ""
            continue
        if depth == 0 and ch not in "()":
            cur += ch
    names.append(cur)
    return names


@attrs.define(kw_only=True, slots=True)
class Tiny:
    short_name: str | None = None


@attrs.define(kw_only=True, slots=True)
class MyRow:
    id_readable: str | None = None
    summary: str | None = None
    project: Tiny | None = None
    reporter: User | None = attrs.field(default=None, metadata=field_metadata(fields="login"))
    custom_thing: str | None = attrs.field(default=None, metadata=field_metadata(wire_name="$type"))
    labels: list[str] | None = None


@attrs.define(kw_only=True, slots=True)
class TreeNode:
    id: str | None = None
    parent: TreeNode | None = None
    children: list[TreeNode] | None = None


def test_fields_for_user_class_golden() -> None:
    assert fields_for(MyRow) == (
        # User is a polymorphic root (Me, VcsUnresolvedUser): $type is asked for with it
        "idReadable,summary,project(shortName),reporter($type,login),$type,labels"
    )
    assert fields_for(list[MyRow]) == fields_for(MyRow)
    assert fields_for(typing.Optional[MyRow]) == fields_for(MyRow)  # noqa: UP045
    assert fields_for(MyRow) is fields_for(MyRow)


def test_fields_for_is_cycle_safe() -> None:
    got = fields_for(TreeNode)
    assert got.startswith("id,parent(")
    assert len(got) < 2000


def test_fields_for_polymorphic_root_unions_subclass_attributes() -> None:
    got = fields_for(M.ProjectCustomField)
    assert got.startswith("$type") or ",$type" in got
    # bundle is declared on bundle-based subclasses only, yet must be asked for on the root
    assert "bundle(" in got
    assert "canBeEmpty" in got


def test_fields_for_bad_metadata_is_a_clear_error() -> None:
    @attrs.define(kw_only=True, slots=True)
    class Broken:
        project: Project | None = attrs.field(
            default=None, metadata=field_metadata(fields="no_such_attribute")
        )

    with pytest.raises(InvalidRequestError):
        fields_for(Broken)


def test_structure_into_user_class_with_wire_name() -> None:
    row = structure(
        {
            "idReadable": "SP-1",
            "$type": "Issue",
            "project": {"shortName": "SP"},
            "reporter": {"login": "jane"},
            "labels": ["a"],
        },
        MyRow,
    )
    assert row == MyRow(
        id_readable="SP-1",
        custom_thing="Issue",
        project=Tiny(short_name="SP"),
        reporter=User(login="jane"),
        labels=["a"],
    )
    assert structure(unstructure(row), MyRow) == row


# ---------------------------------------------------------------- 5. the encoder


def _schema(
    kind: str,
    name: str = "F",
    *,
    values: tuple[str, ...] = (),
    can_be_empty: bool = True,
    cls: type[Any] | None = None,
) -> Any:
    mapping = {
        "enum": (M.EnumProjectCustomField, M.EnumBundle, M.EnumBundleElement),
        "state": (M.StateProjectCustomField, M.StateBundle, M.StateBundleElement),
        "version": (M.VersionProjectCustomField, M.VersionBundle, M.VersionBundleElement),
        "build": (M.BuildProjectCustomField, M.BuildBundle, M.BuildBundleElement),
        "ownedField": (M.OwnedProjectCustomField, M.OwnedBundle, M.OwnedBundleElement),
    }
    base = kind.split("[")[0]
    field = M.CustomField(name=name, field_type=M.FieldType(id=kind))
    if base in mapping:
        pcf, bundle, element = mapping[base]
        return pcf(
            field=field,
            can_be_empty=can_be_empty,
            bundle=bundle(values=[element(name=v) for v in values]),
        )
    if base == "user":
        return M.UserProjectCustomField(field=field, can_be_empty=can_be_empty)
    if base == "group":
        return M.GroupProjectCustomField(field=field, can_be_empty=can_be_empty)
    if base == "period":
        return M.PeriodProjectCustomField(field=field, can_be_empty=can_be_empty)
    if base == "text":
        return M.TextProjectCustomField(field=field, can_be_empty=can_be_empty)
    return M.SimpleProjectCustomField(field=field, can_be_empty=can_be_empty)


@pytest.mark.parametrize(
    ("kind", "values", "given", "type_", "value"),
    [
        ("enum[1]", ("Major", "Minor"), "Major", "SingleEnumIssueCustomField", {"name": "Major"}),
        (
            "enum[*]",
            ("a", "b"),
            ["a", "b"],
            "MultiEnumIssueCustomField",
            [{"name": "a"}, {"name": "b"}],
        ),
        ("state[1]", ("Open", "Fixed"), "Fixed", "StateIssueCustomField", {"name": "Fixed"}),
        ("version[1]", ("1.0",), "1.0", "SingleVersionIssueCustomField", {"name": "1.0"}),
        ("version[*]", ("1.0", "2.0"), ["2.0"], "MultiVersionIssueCustomField", [{"name": "2.0"}]),
        ("build[1]", ("b1",), "b1", "SingleBuildIssueCustomField", {"name": "b1"}),
        ("build[*]", ("b1",), ["b1"], "MultiBuildIssueCustomField", [{"name": "b1"}]),
        ("ownedField[1]", ("UI",), "UI", "SingleOwnedIssueCustomField", {"name": "UI"}),
        ("ownedField[*]", ("UI",), ["UI"], "MultiOwnedIssueCustomField", [{"name": "UI"}]),
        ("user[1]", (), "jane.doe", "SingleUserIssueCustomField", {"login": "jane.doe"}),
        (
            "user[1]",
            (),
            User(login="jane.doe"),
            "SingleUserIssueCustomField",
            {"login": "jane.doe"},
        ),
        ("user[*]", (), ["a", "b"], "MultiUserIssueCustomField", [{"login": "a"}, {"login": "b"}]),
        ("group[1]", (), "QA", "SingleGroupIssueCustomField", {"name": "QA"}),
        ("group[*]", (), ["QA"], "MultiGroupIssueCustomField", [{"name": "QA"}]),
        ("string", (), "test@example.com", "SimpleIssueCustomField", "test@example.com"),
        ("integer", (), 7, "SimpleIssueCustomField", 7),
        ("float", (), 2.5, "SimpleIssueCustomField", 2.5),
        ("date", (), dt.date(2024, 3, 1), "DateIssueCustomField", 1709294400000),
        (
            "date and time",
            (),
            dt.datetime(2024, 5, 1, 10, tzinfo=UTC),
            "SimpleIssueCustomField",
            1714557600000,
        ),
    ],
)
def test_encoder_exact_json(
    kind: str, values: tuple[str, ...], given: Any, type_: str, value: Any
) -> None:
    got = encode_custom_field(_schema(kind, values=values), given)
    assert got["name"] == "F"
    assert got["$type"] == type_
    assert _strip_types(got["value"]) == value


def _strip_types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_types(v) for k, v in value.items() if k != "$type"}
    if isinstance(value, list):
        return [_strip_types(v) for v in value]
    return value


def test_encoder_period_and_text_shapes() -> None:
    got = encode_custom_field(_schema("period"), dt.timedelta(hours=2, minutes=30))
    assert got["$type"] == "PeriodIssueCustomField"
    assert got["value"].get("$type") == "PeriodValue"
    assert got["value"].get("minutes") == 150 or got["value"].get("presentation") in (
        "2h 30m",
        "150m",
    )
    got = encode_custom_field(_schema("period"), "10h")
    assert got["value"] == {"presentation": "10h", "$type": "PeriodValue"}
    got = encode_custom_field(_schema("text"), "notes")
    assert got["$type"] == "TextIssueCustomField"
    assert _strip_types(got["value"]) == {"text": "notes"}


def test_encoder_none_clears_or_is_refused() -> None:
    assert encode_custom_field(_schema("enum[1]", values=("a",)), None)["value"] is None
    assert encode_custom_field(_schema("enum[*]", values=("a",)), None)["value"] in (None, [])
    with pytest.raises(CustomFieldError, match="Priority"):
        encode_custom_field(_schema("enum[1]", "Priority", values=("a",), can_be_empty=False), None)


@pytest.mark.parametrize(
    ("kind", "bad"),
    [
        ("enum[1]", object()),
        ("enum[1]", 5),
        ("enum[1]", ["a", "b"]),
        ("integer", "5"),
        ("integer", 2.5),
        ("integer", True),
        ("float", "x"),
        ("float", float("nan")),
        ("date", "01/01/2024"),  # ISO 8601 days ("2024-01-01") are taken (issue 24)
        ("date", "2024-01-01T10:00:00Z"),
        ("date and time", dt.datetime(2024, 1, 1)),
        ("date and time", "2024-01-01T10:00:00"),  # naive, like the datetime above
        ("period", dt.timedelta(seconds=30)),
        ("period", -5),
        ("user[1]", 42),
        ("string", 5),
        ("text", 5),
    ],
)
def test_encoder_refuses_bad_values_naming_the_field(kind: str, bad: Any) -> None:
    with pytest.raises(ValueError, match="Story") as info:
        encode_custom_field(_schema(kind, "Story", values=("a", "b")), bad)
    assert isinstance(info.value, CustomFieldError)


def test_encode_custom_fields_unknown_name() -> None:
    schema = [_schema("enum[1]", "Priority", values=("Major",)), _schema("user[1]", "Assignee")]
    body = encode_custom_fields(schema, {"Assignee": "jane", "Priority": "Major"})
    assert [b["name"] for b in body] == ["Assignee", "Priority"]
    with pytest.raises(UnknownCustomFieldError) as info:
        encode_custom_fields(schema, {"priority": "Major"})
    assert "Priority" in str(info.value)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, CustomFieldError)

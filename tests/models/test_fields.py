"""fields= projections derived from classes: golden strings, user classes, bounds."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from aioyoutrack import models as m
from aioyoutrack._constants import FIELDS_MAX_DEPTH
from aioyoutrack._fields import _PROJECTIONS, field_metadata, fields_for, polymorphic_subtypes
from aioyoutrack.errors import InvalidRequestError

USER = "$type,id,login,fullName"


def test_project_projection() -> None:
    assert fields_for(m.Project) == (
        "id,name,shortName,description,archived,template,startingNumber,iconUrl,"
        f"fromEmail,replyToEmail,leader({USER}),createdBy({USER}),team(id,name)"
    )


def test_issue_projection() -> None:
    assert fields_for(m.Issue) == (
        "id,idReadable,numberInProject,summary,description,project(id,name,shortName),"
        f"created,updated,resolved,reporter({USER}),updater({USER}),commentsCount,votes,"
        "tags($type,id,name),"
        "customFields($type,id,name,"
        "value($type,id,name,localizedName,isResolved,login,fullName,minutes,presentation,text))"
    )


def test_project_custom_field_projection_has_what_writes_need() -> None:
    assert fields_for(m.ProjectCustomField) == (
        "$type,id,field(id,name,localizedName,fieldType(id)),project(id,name,shortName),"
        "canBeEmpty,emptyFieldText,ordinal,isPublic,hasRunningJob,"
        "condition($type,id,field($type,id,field(name)),values($type,id,name),showForNullValue),"
        "bundle(id,name,values(id,name,archived,isResolved)),"
        "defaultValues(id,name,$type,login,fullName)"
    )


@attrs.define(kw_only=True, slots=True)
class Owner:
    login: str | None = None


@attrs.define(kw_only=True, slots=True)
class Comment:
    text: str | None = None
    author: Owner | None = None


@attrs.define(kw_only=True, slots=True)
class MyIssue:
    id_readable: str | None = None
    summary: str
    project: m.Project | None = attrs.field(
        default=None, metadata=field_metadata(fields="short_name,leader(login)")
    )
    comments: list[Comment] = attrs.field(factory=list)
    raw: Any = attrs.field(default=None, metadata=field_metadata(fields="a,b(c)"))
    url: str | None = attrs.field(default=None, metadata=field_metadata(wire_name="URL"))
    fields: list[m.IssueCustomField] | None = None


def test_user_class_projection() -> None:
    assert fields_for(MyIssue) == (
        "idReadable,summary,project(shortName,leader($type,login)),"
        "comments(text,author(login)),raw(a,b(c)),URL,"
        "fields($type,id,name,"
        "value($type,id,name,localizedName,isResolved,login,fullName,minutes,presentation,text))"
    )


def test_containers_and_non_attrs_types() -> None:
    assert fields_for(list[MyIssue]) == fields_for(MyIssue)
    assert fields_for(MyIssue | None) == fields_for(MyIssue)
    assert fields_for(dict) == ""
    assert fields_for(int) == ""
    assert fields_for(list[str]) == ""


def test_memoized() -> None:
    assert fields_for(m.Issue) is fields_for(m.Issue)
    for form in (m.Issue, list[m.Issue]):
        derived = fields_for(form)
        assert _PROJECTIONS[form] is derived
        assert fields_for(form) is derived


@attrs.define(kw_only=True, slots=True)
class Node:
    id: str | None = None
    name: str | None = None
    parent: Node | None = None
    children: list[Node] | None = None


@attrs.define(kw_only=True, slots=True)
class Anonymous:
    name: str | None = None
    again: Anonymous | None = None


def test_classes_inside_themselves_get_a_shallow_reference() -> None:
    assert fields_for(Node) == "id,name,parent(id),children(id)"
    assert fields_for(Anonymous) == "name"


def _chain(depth: int) -> type:
    leaf = attrs.make_class("Level0", {"value": attrs.field(type=int, default=None)})
    current = leaf
    for level in range(1, depth + 1):
        current = attrs.make_class(
            f"Level{level}",
            {"inner": attrs.field(type=current | None, default=None)},  # type: ignore[arg-type]
        )
    return current


def test_depth_is_bounded() -> None:
    deep = _chain(FIELDS_MAX_DEPTH + 2)
    projection = fields_for(deep)
    assert projection.count("(") == FIELDS_MAX_DEPTH
    assert projection == "inner(" * FIELDS_MAX_DEPTH + ")" * FIELDS_MAX_DEPTH
    shallow = _chain(FIELDS_MAX_DEPTH)
    assert fields_for(shallow).count("(") == FIELDS_MAX_DEPTH
    assert fields_for(shallow).endswith("(value" + ")" * FIELDS_MAX_DEPTH)


def test_polymorphic_roots_ask_for_type_and_every_subclass_attribute() -> None:
    projection = fields_for(m.ActivityItem)
    assert projection.startswith("$type,id,timestamp,")
    for name in ("markup", "authorGroup", "targetSubMember"):  # subclass-only attributes
        assert f",{name}" in projection


def test_user_subclass_of_a_model_does_not_change_the_model() -> None:
    before = fields_for(m.Issue)

    @attrs.define(kw_only=True, slots=True)
    class IssueWithComments(m.Issue):
        comments: list[m.IssueComment] | None = None

    assert polymorphic_subtypes(m.Issue) == (m.Issue,)
    assert fields_for(IssueWithComments).startswith(before + ",comments(")
    assert fields_for(m.Issue) == before


def test_projection_naming_a_missing_attribute_is_refused() -> None:
    @attrs.define(kw_only=True, slots=True)
    class Bad:
        project: m.Project | None = attrs.field(
            default=None, metadata=field_metadata(fields="id,shortname")
        )

    with pytest.raises(InvalidRequestError, match="'shortname', which is not an attribute"):
        fields_for(Bad)


@attrs.define(kw_only=True, slots=True)
class _Unresolvable:
    id: str | None = None
    owner: NotDefinedAnywhere | None = None  # type: ignore[name-defined]  # noqa: F821


@pytest.mark.parametrize("model", [_Unresolvable, list[_Unresolvable], _Unresolvable | None])
def test_a_model_whose_annotations_cannot_be_resolved_is_refused(model: Any) -> None:
    with pytest.raises(InvalidRequestError, match="NotDefinedAnywhere") as info:
        fields_for(model)
    assert "_Unresolvable" in str(info.value)


@pytest.mark.parametrize("spec", ["a,", "a(b", "a)b", "(a)", "a b", "a(b),,c"])
def test_malformed_projection_is_refused_at_definition(spec: str) -> None:
    with pytest.raises(InvalidRequestError):
        field_metadata(fields=spec)


def test_every_model_projection_resolves() -> None:
    for name in m.__all__:
        if not isinstance(getattr(m, name), type):
            continue  # a type alias (FieldValue, FieldChange): a union of these classes
        projection = fields_for(getattr(m, name))
        assert projection, name
        assert projection.count("(") == projection.count(")"), name


@attrs.define(kw_only=True, slots=True)
class _Leaf:
    id: str | None = None
    heavy: m.User | None = attrs.field(default=None, metadata=field_metadata(fetch=False))


@attrs.define(kw_only=True, slots=True)
class _Holder:
    derived: _Leaf | None = None
    named: _Leaf | None = attrs.field(default=None, metadata=field_metadata(fields="id,heavy"))


def test_fetch_false_is_left_out_unless_named() -> None:
    # Derived: the attribute is not asked for; named by a parent's fields=: it is, with
    # its class's projection.
    assert fields_for(_Leaf) == "id"
    assert fields_for(_Holder) == f"derived(id),named(id,heavy({fields_for(m.User)}))"
    assert fields_for(m.IssueCustomField) == (
        "$type,id,name,"
        "value($type,id,name,localizedName,isResolved,login,fullName,minutes,presentation,text)"
    )

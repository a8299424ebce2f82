"""Telling date-and-time custom fields from integers, from the project's schema.

YouTrack sends an integer, a float, a string and a date-and-time field alike as
``SimpleIssueCustomField`` with a bare JSON value, epoch milliseconds for a date and
time. Only the field's type (``projectCustomField.field.fieldType.id``) tells them apart.
Asking for that chain with every custom field of every issue costs about half of the
bytes and two thirds of the structuring time of an issue page, so the default ``Issue``
projection leaves it out and the resources returning issues fill it in here instead,
as a step of their own after the response is built (:func:`type_dates`): for each
``SimpleIssueCustomField`` whose value is an ``int``, from the project schema that the
client caches for writes by field name anyway (``yt._schemas``; two requests per
project, once per client); ``yt.request(model=Issue)`` takes no such step. Pages
without such values cost no request, and a schema that cannot be read leaves the values
as they are (epoch ms ``int``); one the server refuses (403, 404) is not asked for again
by that client.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from .._fields import fields_for
from ..models.custom_fields import CustomField, FieldType, ProjectCustomField
from ..models.issue_custom_fields import SimpleIssueCustomField
from ._common import gather_ordered

if TYPE_CHECKING:
    from .._client import YouTrack
    from ._schema_cache import ProjectSchema

__all__ = [
    "carries_issues",
    "dates_step",
    "resolve_field_types",
    "type_dates",
    "type_from_schema",
    "with_field_types",
]


def carries_issues(model: Any) -> bool:
    """True when ``model`` (a class or ``list[X]``) is an attrs class with
    ``custom_fields`` and ``project`` attributes (the library's ``Issue`` or a caller's
    issue view), or a list of one."""
    try:
        hash(model)
    except TypeError:
        # An unhashable model= ({}, [Issue]) is no class: it carries nothing, and the
        # resource's model check refuses it with an InvalidRequestError.
        return False
    return _carries_issues(model)


@functools.cache
def _carries_issues(model: Any) -> bool:
    if typing.get_origin(model) is list:
        args = typing.get_args(model)
        model = args[0] if len(args) == 1 else None
    if not (isinstance(model, type) and attrs.has(model)):
        return False
    names = attrs.fields_dict(model)
    return "custom_fields" in names and "project" in names


def with_field_types(model: Any) -> str:
    """``fields_for(model)`` plus each field's type, for an ``IssueCustomField`` model
    read without its issue (one issue's fields: the chain costs little there)."""
    projection = fields_for(model)
    if (
        isinstance(model, type)
        and "project_custom_field" in attrs.fields_dict(model)
        and "projectCustomField" not in projection
    ):
        projection += ",projectCustomField($type,field(fieldType(id)))"
    return projection


def _untyped_integer(cf: object) -> bool:
    """A simple field holding an ``int`` whose type is not known: integer or date and time."""
    return (
        isinstance(cf, SimpleIssueCustomField)
        and type(cf.value) is int
        and cf.project_custom_field is None
    )


def _project_key(issue: Any) -> str | None:
    project = getattr(issue, "project", None)
    if project is None:
        return None
    key = getattr(project, "id", None) or getattr(project, "short_name", None)
    return key if isinstance(key, str) and key else None


async def resolve_field_types(client: YouTrack, result: Any) -> None:
    """Set ``project_custom_field`` (with ``field.field_type``) on the simple custom
    fields of ``result`` (an issue or a list of issues) whose value is an ``int`` and
    whose type is unknown, so that ``plain_value`` turns date-and-time values into
    ``datetime``. The issue's ``project`` must carry its id or short name."""
    issues: Iterable[Any] = result if isinstance(result, list) else (result,)
    wanted: dict[str, list[SimpleIssueCustomField]] = {}
    for issue in issues:
        for cf in getattr(issue, "custom_fields", None) or ():
            if _untyped_integer(cf):
                key = _project_key(issue)
                if key is None:
                    break
                wanted.setdefault(key, []).append(cf)
    if not wanted:
        return
    readable = client._schemas.readable
    schemas = await gather_ordered([readable(key) for key in wanted])
    for fields, schema in zip(wanted.values(), schemas, strict=True):
        if schema is not None:
            type_from_schema(fields, schema)


async def type_dates(client: YouTrack, result: Any, model: Any) -> None:
    """The step that follows reading issues: :func:`resolve_field_types` on ``result``
    when ``model`` carries issues (see :func:`carries_issues`), nothing otherwise."""
    if carries_issues(model):
        await resolve_field_types(client, result)


def dates_step(client: YouTrack, model: Any) -> Callable[[list[Any]], Awaitable[None]] | None:
    """:func:`type_dates` as a pager's ``then=`` step for pages of ``model`` (None when
    ``model`` carries no issues)."""
    return functools.partial(resolve_field_types, client) if carries_issues(model) else None


def type_from_schema(fields: Iterable[Any], schema: ProjectSchema) -> None:
    """Set ``project_custom_field`` on those of ``fields`` (custom fields of issues of
    the schema's project) that are simple, hold an ``int`` and have no type yet; each
    gets an object of its own."""
    settings: dict[str, ProjectCustomField] | None = None
    for cf in fields:
        if _untyped_integer(cf) and cf.name is not None:
            if settings is None:
                settings = {
                    s.field.name: s
                    for s in schema.fields
                    if s.field is not None and s.field.name is not None
                }
            setting = settings.get(cf.name)
            if setting is not None:
                cf.project_custom_field = _field_ref(setting)


def _field_ref(setting: ProjectCustomField) -> ProjectCustomField:
    """A fresh ``ProjectCustomField`` holding only what the chain in the issue would
    have (``id``, ``field(id, name, field_type(id))``): no caller holds, or can change,
    the cached schema's objects or another issue's."""
    field = setting.field
    assert field is not None
    kind = None if field.field_type is None else FieldType(id=field.field_type.id)
    return type(setting)(
        id=setting.id, field=CustomField(id=field.id, name=field.name, field_type=kind)
    )

"""``yt.issues.custom_fields``: an issue's custom fields, read and set one by name."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._custom_fields import encode_custom_fields, find_project_field
from .._pagination import Pager
from ..errors import UnexpectedResponseError
from ..models.issue_custom_fields import IssueCustomField
from ._base import Resource, at, default_model, route
from ._common import check_text, is_database_id
from ._field_types import type_from_schema, with_field_types
from ._schema_cache import ProjectSchema, schema_of_issue

__all__ = ["IssueCustomFieldsResource"]

FieldT = TypeVar("FieldT", default=IssueCustomField)


class IssueCustomFieldsResource(Resource):
    """Custom-field values of one issue (``/api/issues/{id}/customFields``).

    To set several fields in one request use ``yt.issues.update(id, fields={...})``.
    """

    __slots__ = ()

    @route("GET", "/issues/{id}")
    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    @route("POST", "/issues/{id}/customFields/{issueCustomFieldId}")
    async def set(
        self,
        issue_id: str,
        name: str,
        value: Any,
        *,
        model: type[FieldT] = default_model(FieldT),
        notify: bool = True,
    ) -> FieldT:
        """Set the custom field called ``name`` to a plain value (``None`` clears it)
        and return the field as the server now has it.

        The field's ``$type`` and value shape come from the issue's project schema
        (cached per client); an unknown name or a value the field cannot take raises
        :class:`~aioyoutrack.errors.CustomFieldError` before the change is sent.
        """
        self._check(model, notify)  # before the schema is read
        check_text("issue_id", issue_id)
        check_text("name", name)
        schema = await schema_of_issue(self._yt, issue_id)
        with self._yt._masking():  # the schema's names are the server's
            (encoded,) = encode_custom_fields(schema.fields, {name: value}, project=schema.label)
            field_id = _field_id(schema, name)
        path = at("issues/{}/customFields/{}", issue_id=issue_id, field_id=field_id)
        body = {"id": field_id, **encoded}
        field = await self._call("POST", path, json=body, model=model, notify=notify)
        type_from_schema((field,), schema)
        return field

    @route("GET", "/issues/{id}")
    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    @route("GET", "/issues/{id}/customFields/{issueCustomFieldId}")
    async def get(
        self, issue_id: str, field: str, *, model: type[FieldT] = default_model(FieldT)
    ) -> FieldT:
        """One custom field of an issue with its value (``.plain_value`` gives it as
        plain Python), and with its type, so a date-and-time value reads as a datetime.

        ``field`` is the field's name (``"Priority"``: looked up in the issue's project
        schema, cached per client) or the entity id of the project's field settings
        (``"92-1"``, as in ``project_custom_field.id``). An unknown name raises
        :class:`~aioyoutrack.errors.UnknownCustomFieldError` listing the project's
        fields; an unknown id :class:`~aioyoutrack.errors.NotFoundError`.
        """
        self._check(model)  # before the schema is read
        check_text("issue_id", issue_id)
        check_text("field", field)
        if is_database_id(field):
            field_id = field
        else:
            schema = await schema_of_issue(self._yt, issue_id)
            with self._yt._masking():  # the schema's names are the server's
                field_id = _field_id(schema, field)
        path = at("issues/{}/customFields/{}", issue_id=issue_id, field_id=field_id)
        params = {"fields": with_field_types(model)}
        return await self._call("GET", path, params=params, model=model)

    @route("GET", "/issues/{id}/customFields")
    def list(
        self,
        issue_id: str,
        *,
        model: type[FieldT] = default_model(FieldT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[FieldT]:
        """The custom fields of an issue with their values (``$type`` subclasses;
        ``.plain_value`` gives each as plain Python). Each field comes with its type
        (``project_custom_field.field.field_type``)."""
        path = at("issues/{}/customFields", issue_id=issue_id)
        self._check(model)
        # With each field's type, so that date-and-time values read as datetime.
        params = {"fields": with_field_types(model)}
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)


def _field_id(schema: ProjectSchema, name: str) -> str:
    """The id of the project's settings of field ``name``, which addresses the issue's
    field in ``/api/issues/{id}/customFields/{issueCustomFieldId}``."""
    found = find_project_field(schema.fields, name, project=schema.label)
    if not found.id:
        raise UnexpectedResponseError(f"the project field {name!r} came back without its id")
    return found.id

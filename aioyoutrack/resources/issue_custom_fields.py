"""``yt.issues.custom_fields``: an issue's custom fields, read and set one by name."""

from __future__ import annotations

from typing import Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._custom_fields import encode_custom_fields, find_project_field
from .._pagination import Pager
from ..errors import UnexpectedResponseError
from ..models.issue_custom_fields import IssueCustomField
from ._base import Resource, api_path, route
from ._common import M, check_model, check_text, is_database_id, list_pager, notify_params
from ._field_types import type_from_schema, with_field_types
from ._schema_cache import ProjectSchema, schema_of_issue

__all__ = ["IssueCustomFieldsResource"]


class IssueCustomFieldsResource(Resource):
    """Custom-field values of one issue (``/api/issues/{id}/customFields``).

    To set several fields in one request use ``yt.issues.update(id, fields={...})``.
    """

    __slots__ = ()

    @overload
    async def set(
        self, issue_id: str, name: str, value: Any, *, notify: bool = True
    ) -> IssueCustomField: ...
    @overload
    async def set(
        self, issue_id: str, name: str, value: Any, *, model: type[M], notify: bool = True
    ) -> M: ...

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
        model: Any = IssueCustomField,
        notify: bool = True,
    ) -> Any:
        """Set the custom field called ``name`` to a plain value (``None`` clears it)
        and return the field as the server now has it.

        The field's ``$type`` and value shape come from the issue's project schema
        (cached per client); an unknown name or a value the field cannot take raises
        :class:`~aioyoutrack.errors.CustomFieldError` before the change is sent.
        """
        quiet = notify_params(notify)
        check_model(model)
        check_text("issue_id", issue_id)
        check_text("name", name)
        schema = await schema_of_issue(self._yt, issue_id)
        (encoded,) = encode_custom_fields(schema.fields, {name: value}, project=schema.label)
        field_id = _field_id(schema, name)
        path = api_path("issues/{}/customFields/{}", issue_id, field_id)
        field = await self._yt.request(
            "POST",
            path,
            params=quiet,
            json={"id": field_id, **encoded},
            model=model,
        )
        type_from_schema((field,), schema)
        return field

    @overload
    async def get(self, issue_id: str, field: str) -> IssueCustomField: ...
    @overload
    async def get(self, issue_id: str, field: str, *, model: type[M]) -> M: ...

    @route("GET", "/issues/{id}")
    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    @route("GET", "/issues/{id}/customFields/{issueCustomFieldId}")
    async def get(self, issue_id: str, field: str, *, model: Any = IssueCustomField) -> Any:
        """One custom field of an issue with its value (``.plain_value`` gives it as
        plain Python), and with its type, so a date-and-time value reads as a datetime.

        ``field`` is the field's name (``"Priority"``: looked up in the issue's project
        schema, cached per client) or the entity id of the project's field settings
        (``"92-1"``, as in ``project_custom_field.id``). An unknown name raises
        :class:`~aioyoutrack.errors.UnknownCustomFieldError` listing the project's
        fields; an unknown id :class:`~aioyoutrack.errors.NotFoundError`.
        """
        check_model(model)
        check_text("issue_id", issue_id)
        check_text("field", field)
        if is_database_id(field):
            field_id = field
        else:
            schema = await schema_of_issue(self._yt, issue_id)
            field_id = _field_id(schema, field)
        path = api_path("issues/{}/customFields/{}", issue_id, field_id)
        params = {"fields": with_field_types(model)}
        return await self._yt.request("GET", path, params=params, model=model)

    @overload
    def list(
        self, issue_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[IssueCustomField]: ...
    @overload
    def list(
        self,
        issue_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/customFields")
    def list(
        self,
        issue_id: str,
        *,
        model: Any = IssueCustomField,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The custom fields of an issue with their values (``$type`` subclasses;
        ``.plain_value`` gives each as plain Python). Each field comes with its type
        (``project_custom_field.field.field_type``)."""
        path = api_path("issues/{}/customFields", check_text("issue_id", issue_id))
        check_model(model)
        # With each field's type, so that date-and-time values read as datetime.
        params = {"fields": with_field_types(model)}
        return list_pager(self._yt, path, model, params=params, page_size=page_size, limit=limit)


def _field_id(schema: ProjectSchema, name: str) -> str:
    """The id of the project's settings of field ``name``, which addresses the issue's
    field in ``/api/issues/{id}/customFields/{issueCustomFieldId}``."""
    found = find_project_field(schema.fields, name, project=schema.label)
    if not found.id:
        raise UnexpectedResponseError(f"the project field {name!r} came back without its id")
    return found.id

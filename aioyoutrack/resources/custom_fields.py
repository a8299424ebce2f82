"""``yt.custom_fields``: custom fields as defined globally (administration).

The per-project settings of a field are ``yt.admin.projects.custom_fields``; the value
of a field in one issue is ``yt.issues.custom_fields``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.custom_fields import CustomField, CustomFieldDefaults, FieldType, ProjectCustomField
from ._base import Params, Resource, at, default_model, route
from ._common import check_text, optional_body
from .settings import OwnedSettings

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["CustomFieldDefaultsResource", "CustomFieldsResource"]

FieldT = TypeVar("FieldT", default=CustomField)
InstanceT = TypeVar("InstanceT", default=ProjectCustomField)
TypeT = TypeVar("TypeT", default=FieldType)

_FIELDS = "admin/customFieldSettings/customFields"


class CustomFieldDefaultsResource(OwnedSettings[CustomFieldDefaults]):
    """Defaults a field gives the projects it is added to:
    ``get(field_id)``, ``update(field_id, body=...)``."""

    __slots__ = ()
    path = "/admin/customFieldSettings/customFields/{id}/fieldDefaults"
    model = CustomFieldDefaults


class CustomFieldsResource(Resource):
    """Global custom fields (``/api/admin/customFieldSettings/customFields``), with
    ``.defaults`` (what a field gives the projects it is added to)."""

    __slots__ = ("defaults",)

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: ``fieldDefaults`` of a field: ``get(field_id)``, ``update(field_id, body=...)``.
        self.defaults = CustomFieldDefaultsResource(client)

    @route("GET", "/admin/customFieldSettings/customFields")
    def list(
        self,
        *,
        model: type[FieldT] = default_model(FieldT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[FieldT]:
        """Every global custom field."""
        return self._pager(at(_FIELDS), model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/customFieldSettings/customFields/{id}")
    async def get(
        self,
        field_id: str,
        *,
        model: type[FieldT] = default_model(FieldT),
        params: Params | None = None,
    ) -> FieldT:
        """One global field."""
        path = at(_FIELDS + "/{}", field_id=field_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/admin/customFieldSettings/customFields")
    async def create(
        self,
        name: str,
        field_type: str,
        *,
        body: Any = None,
        model: type[FieldT] = default_model(FieldT),
    ) -> FieldT:
        """Create a global field ``name`` of ``field_type`` (an id from ``types``, such
        as ``"enum[1]"``, ``"user[*]"``, ``"period"``); ``body`` adds attributes."""
        data = optional_body(body)
        data["name"] = check_text("name", name)
        data["fieldType"] = {"id": check_text("field_type", field_type)}
        return await self._call("POST", at(_FIELDS), json=data, model=model)

    @route("POST", "/admin/customFieldSettings/customFields/{id}")
    async def update(
        self,
        field_id: str,
        *,
        body: Any,
        model: type[FieldT] = default_model(FieldT),
        params: Params | None = None,
    ) -> FieldT:
        """Send the attributes in ``body`` (others stay as they are); returns the field."""
        path = at(_FIELDS + "/{}", field_id=field_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("DELETE", "/admin/customFieldSettings/customFields/{id}")
    async def delete(self, field_id: str, *, params: Params | None = None) -> None:
        """Delete a global field (and its settings in every project)."""
        await self._call("DELETE", at(_FIELDS + "/{}", field_id=field_id), params=params)

    @route("GET", "/admin/customFieldSettings/customFields/{id}/instances")
    def instances(
        self,
        field_id: str,
        *,
        model: type[InstanceT] = default_model(InstanceT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[InstanceT]:
        """The projects' settings of a field (one per project using it)."""
        path = at(_FIELDS + "/{}/instances", field_id=field_id)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/admin/customFieldSettings/types")
    def types(
        self,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TypeT]:
        """The types a field can have: ``enum[1]``, ``user[*]``, ``period``, ..."""
        path = at("admin/customFieldSettings/types")
        return self._pager(path, model, page_size=page_size, limit=limit)

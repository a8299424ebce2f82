"""``yt.custom_fields``: custom fields as defined globally (administration).

The per-project settings of a field are ``yt.admin.projects.custom_fields``; the value
of a field in one issue is ``yt.issues.custom_fields``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.custom_fields import CustomField, CustomFieldDefaults, FieldType, ProjectCustomField
from ._base import route
from ._common import M, check_model, check_text
from ._generic import DeleteOp, GetOp, ListOp, ReadOp, UpdateOp, WriteOp, json_body

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["CustomFieldDefaultsResource", "CustomFieldsResource", "FieldInstances", "FieldTypes"]

_ROOT = "/admin/customFieldSettings"


class CustomFieldDefaultsResource(ReadOp[CustomFieldDefaults], WriteOp[CustomFieldDefaults]):
    """Defaults a field gives the projects it is added to:
    ``get(field_id)``, ``update(field_id, body=...)``."""

    __slots__ = ()
    path = f"{_ROOT}/customFields/{{id}}/fieldDefaults"
    model = CustomFieldDefaults


class FieldInstances(ListOp[ProjectCustomField]):
    """The projects' settings of a field: ``list(field_id)``."""

    __slots__ = ()
    path = f"{_ROOT}/customFields/{{id}}/instances"
    model = ProjectCustomField


class FieldTypes(ListOp[FieldType]):
    """The types a custom field can have (``enum[1]``, ``user[*]``, ``period``, ...):
    ``list()``."""

    __slots__ = ()
    path = f"{_ROOT}/types"
    model = FieldType


class CustomFieldsResource(
    ListOp[CustomField], GetOp[CustomField], UpdateOp[CustomField], DeleteOp[CustomField]
):
    """Global custom fields (``/api/admin/customFieldSettings/customFields``):
    ``list()``, ``get(field_id)``, :meth:`create`, ``update(field_id, body=...)``,
    ``delete(field_id)``, :meth:`instances`, :meth:`types`; ``.defaults``."""

    __slots__ = ("_instances", "_types", "defaults")
    path = f"{_ROOT}/customFields"
    item = "id"
    model = CustomField

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: ``fieldDefaults`` of a field: ``get(field_id)``, ``update(field_id, body=...)``.
        self.defaults = CustomFieldDefaultsResource(client)
        self._instances = FieldInstances(client)
        self._types = FieldTypes(client)

    @overload
    def instances(
        self, field_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[ProjectCustomField]: ...
    @overload
    def instances(
        self,
        field_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", f"{_ROOT}/customFields/{{id}}/instances")
    def instances(
        self,
        field_id: str,
        *,
        model: Any = ProjectCustomField,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The projects' settings of a field (one per project using it)."""
        return self._instances.list(field_id, model=model, page_size=page_size, limit=limit)

    @overload
    def types(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[FieldType]: ...
    @overload
    def types(
        self, *, model: type[M], page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[M]: ...

    @route("GET", f"{_ROOT}/types")
    def types(
        self,
        *,
        model: Any = FieldType,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The types a field can have: ``enum[1]``, ``user[*]``, ``period``, ..."""
        return self._types.list(model=model, page_size=page_size, limit=limit)

    @overload
    async def create(self, name: str, field_type: str, *, body: Any = None) -> CustomField: ...
    @overload
    async def create(
        self, name: str, field_type: str, *, body: Any = None, model: type[M]
    ) -> M: ...

    @route("POST", f"{_ROOT}/customFields")
    async def create(
        self, name: str, field_type: str, *, body: Any = None, model: Any = CustomField
    ) -> Any:
        """Create a global field ``name`` of ``field_type`` (an id from ``types``, such
        as ``"enum[1]"``, ``"user[*]"``, ``"period"``); ``body`` adds attributes."""
        check_model(model)
        data: dict[str, Any] = {} if body is None else json_body(body)
        data["name"] = check_text("name", name)
        data["fieldType"] = {"id": check_text("field_type", field_type)}
        path = self._path((), False, "create")
        return await self._yt.request("POST", path, json=data, model=model)

"""``yt.agiles`` (agile boards) and ``yt.agiles.sprints`` (their sprints)."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

import attrs

from ..errors import InvalidRequestError
from ..models.agiles import Agile, Sprint
from ..models.issues import Issue
from ._base import api_path, route
from ._common import M, check_flag, check_ids, check_model, check_text, notify_params
from ._field_types import carries_issues, resolve_field_types
from ._generic import DeleteOp, GetOp, ListOp, Params, UpdateOp, json_body
from ._names import agile_id as board_id
from ._names import forget
from ._values import epoch_ms, issue_ref, project_id

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["AgilesResource", "SprintsResource"]

_UNSET: Any = object()


def _sprint_body(
    *,
    name: str | None,
    goal: Any,
    start: Any,
    finish: Any,
    archived: bool | None,
    issues: Iterable[str] | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if name is not None:
        body["name"] = check_text("name", name)
    if goal is not _UNSET:
        if goal is not None and not isinstance(goal, str):
            raise InvalidRequestError(f"goal must be a str or None, got {type(goal).__name__}")
        body["goal"] = goal
    for key, value in (("start", start), ("finish", finish)):
        if value is not _UNSET:
            body[key] = None if value is None else epoch_ms(value, key)
    if archived is not None:
        body["archived"] = check_flag("archived", archived)
    if issues is not None:
        body["issues"] = [issue_ref(i, "issues") for i in check_ids("issues", issues)]
    return body


@functools.cache
def _issues_holder(model: type[Any]) -> type[Any]:
    """An attrs class with only ``issues: list[model]``: the projection and result of
    :meth:`SprintsResource.issues` (one class per model, so projections stay cached)."""
    many: Any = builtins.list[model]  # type: ignore[valid-type]
    holder: type[Any] = attrs.make_class(
        "SprintIssues",
        {"issues": attrs.field(default=None, type=many | None)},
        kw_only=True,
        slots=True,
    )
    return holder


class SprintsResource(ListOp[Sprint], GetOp[Sprint], DeleteOp[Sprint]):
    """Sprints of a board (``/api/agiles/{id}/sprints``).

    ``list(agile_id)``, ``get(agile_id, sprint_id)`` (``"current"`` names the current
    sprint), ``delete(agile_id, sprint_id)``, :meth:`create`, :meth:`update` and
    :meth:`issues`. A board is named by its id or its name (looked up once per client).
    """

    __slots__ = ()
    path = "/agiles/{id}/sprints"
    item = "sprintId"
    model = Sprint
    resolvers = {"id": board_id}

    @overload
    async def create(
        self,
        agile_id: str,
        name: str,
        *,
        goal: str | None = None,
        start: datetime | None = None,
        finish: datetime | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Sprint: ...
    @overload
    async def create(
        self,
        agile_id: str,
        name: str,
        *,
        goal: str | None = None,
        start: datetime | None = None,
        finish: datetime | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/agiles/{id}/sprints")
    async def create(
        self,
        agile_id: str,
        name: str,
        *,
        goal: str | None = None,
        start: datetime | None = None,
        finish: datetime | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
        model: Any = Sprint,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Add a sprint named ``name`` to a board and return it.

        ``start``/``finish`` are aware datetimes; ``issues`` readable or entity ids of
        issues to put in it; ``body`` further attributes (a model instance or a JSON
        mapping). ``notify=False`` mutes YouTrack's notifications of the change.
        """
        check_model(model)
        quiet = notify_params(notify)
        check_text("name", name)  # required: None must not slip through as "no name"
        data = self._merge(
            body,
            _sprint_body(
                name=name,
                goal=_UNSET if goal is None else goal,
                start=_UNSET if start is None else start,
                finish=_UNSET if finish is None else finish,
                archived=None,
                issues=issues,
            ),
        )
        params = {**(params or {}), **quiet}
        return await self._send(
            "POST", (agile_id,), False, "create", params=params, json=data, model=model
        )

    @staticmethod
    def _merge(body: Any, data: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {} if body is None else json_body(body)
        merged.update(data)
        return merged

    @overload
    async def update(
        self,
        agile_id: str,
        sprint_id: str,
        *,
        name: str | None = None,
        goal: str | None = _UNSET,
        start: datetime | None = _UNSET,
        finish: datetime | None = _UNSET,
        archived: bool | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
    ) -> Sprint: ...
    @overload
    async def update(
        self,
        agile_id: str,
        sprint_id: str,
        *,
        name: str | None = None,
        goal: str | None = _UNSET,
        start: datetime | None = _UNSET,
        finish: datetime | None = _UNSET,
        archived: bool | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
        model: type[M],
    ) -> M: ...

    @route("POST", "/agiles/{id}/sprints/{sprintId}")
    async def update(
        self,
        agile_id: str,
        sprint_id: str,
        *,
        name: str | None = None,
        goal: str | None = _UNSET,
        start: datetime | None = _UNSET,
        finish: datetime | None = _UNSET,
        archived: bool | None = None,
        issues: Iterable[str] | None = None,
        body: Any = None,
        model: Any = Sprint,
    ) -> Any:
        """Change a sprint; only the arguments given are sent. ``goal``, ``start`` and
        ``finish`` may be None to clear them; ``issues`` replaces the sprint's issues;
        ``body`` adds further attributes."""
        check_model(model)
        data = self._merge(
            body,
            _sprint_body(
                name=name, goal=goal, start=start, finish=finish, archived=archived, issues=issues
            ),
        )
        if not data:
            raise InvalidRequestError("nothing to change: pass at least one attribute")
        return await self._send(
            "POST", (agile_id, sprint_id), True, "update", json=data, model=model
        )

    @overload
    async def issues(self, agile_id: str, sprint_id: str) -> builtins.list[Issue]: ...
    @overload
    async def issues(
        self, agile_id: str, sprint_id: str, *, model: type[M]
    ) -> builtins.list[M]: ...

    @route("GET", "/agiles/{id}/sprints/{sprintId}")
    async def issues(
        self, agile_id: str, sprint_id: str, *, model: Any = Issue
    ) -> builtins.list[Any]:
        """The issues on a sprint (read through the sprint's ``issues``, in one request:
        YouTrack has no paged collection for them)."""
        check_model(model)
        sprint = await self.get(agile_id, sprint_id, model=_issues_holder(model))
        found: builtins.list[Any] = sprint.issues or []
        if carries_issues(model):
            await resolve_field_types(self._yt, found)
        return found


class AgilesResource(ListOp[Agile], GetOp[Agile], UpdateOp[Agile], DeleteOp[Agile]):
    """Agile boards (``/api/agiles``): ``list()``, ``get(board)``, ``update(board,
    body=...)``, ``delete(board)``, :meth:`create`; their sprints are
    ``yt.agiles.sprints``. A board is its id (``"108-0"``) or its name (``"Main
    Board"``), looked up once per client."""

    __slots__ = ("sprints",)
    path = "/agiles"
    item = "id"
    model = Agile
    resolvers = {"id": board_id}

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: The boards' sprints: ``yt.agiles.sprints.list(agile_id)``, ...
        self.sprints = SprintsResource(client)

    @overload
    async def create(
        self,
        name: str,
        *,
        projects: Iterable[str],
        template: str | None = None,
        body: Any = None,
    ) -> Agile: ...
    @overload
    async def create(
        self,
        name: str,
        *,
        projects: Iterable[str],
        template: str | None = None,
        body: Any = None,
        model: type[M],
    ) -> M: ...

    @route("POST", "/agiles")
    async def create(
        self,
        name: str,
        *,
        projects: Iterable[str],
        template: str | None = None,
        body: Any = None,
        model: Any = Agile,
    ) -> Any:
        """Create a board named ``name`` over ``projects`` (short names such as ``"SP"``
        or entity ids such as ``"0-0"``).

        ``template`` is one of YouTrack's board templates (``scrum``, ``kanban``,
        ``version``, ``custom``, ``personal``); ``body`` adds further attributes (a
        model instance or a JSON mapping).
        """
        check_model(model)
        data: dict[str, Any] = {} if body is None else json_body(body)
        data["name"] = check_text("name", name)
        named = check_ids("projects", projects)
        if not named:
            raise InvalidRequestError("projects must name at least one project")
        params = None if template is None else {"template": check_text("template", template)}
        data["projects"] = [{"id": await project_id(self._yt, p)} for p in named]
        try:
            return await self._yt.request(
                "POST", api_path("agiles"), params=params, json=data, model=model
            )
        finally:
            forget(self._yt, "agile")  # a new name, or one more board of a name

"""``yt.agiles`` (agile boards) and ``yt.agiles.sprints`` (their sprints).

A board is its id (``"108-0"``) or its name (``"Main Board"``), looked up once per
client; ``"current"`` names a board's current sprint.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs
from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ..models.agiles import Agile, Sprint
from ..models.issues import Issue
from ._base import Params, Resource, at, default_model, route
from ._common import check_flag, check_ids, check_sendable, check_text, optional_body
from ._field_types import type_dates
from ._names import agile_id as board_ref
from ._names import named
from ._values import epoch_ms, issue_ref, project_id

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["AgilesResource", "SprintsResource"]

AgileT = TypeVar("AgileT", default=Agile)
SprintT = TypeVar("SprintT", default=Sprint)
IssueT = TypeVar("IssueT", default=Issue)

_UNSET: Any = object()


def _board(agile_id: str) -> Any:
    return named(board_ref, "agile_id", agile_id)


def _sprint_body(
    body: Any,
    *,
    name: str | None,
    goal: Any,
    start: Any,
    finish: Any,
    archived: bool | None,
    issues: Iterable[str] | None,
) -> dict[str, Any]:
    data = optional_body(body)
    if name is not None:
        data["name"] = check_text("name", name)
    if goal is not _UNSET:
        if goal is not None and not isinstance(goal, str):
            raise InvalidRequestError(f"goal must be a str or None, got {type(goal).__name__}")
        data["goal"] = goal
    for key, value in (("start", start), ("finish", finish)):
        if value is not _UNSET:
            data[key] = None if value is None else epoch_ms(value, key)
    if archived is not None:
        data["archived"] = check_flag("archived", archived)
    if issues is not None:
        data["issues"] = [issue_ref(i, "issues") for i in check_ids("issues", issues)]
    return data


@functools.cache
def _issues_holder(model: Any) -> type[Any]:
    """An attrs class with only ``issues: list[model]``: the projection and result of
    :meth:`SprintsResource.issues` (one class per model, so projections stay cached)."""
    many: Any = builtins.list[model]
    holder: type[Any] = attrs.make_class(
        "SprintIssues",
        {"issues": attrs.field(default=None, type=many | None)},
        kw_only=True,
        slots=True,
    )
    return holder


class SprintsResource(Resource):
    """Sprints of a board (``/api/agiles/{id}/sprints``)."""

    __slots__ = ()

    @route("GET", "/agiles/{id}/sprints")
    def list(
        self,
        agile_id: str,
        *,
        model: type[SprintT] = default_model(SprintT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[SprintT]:
        """The sprints of a board."""
        path = at("agiles/{}/sprints", agile_id=_board(agile_id))
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/agiles/{id}/sprints/{sprintId}")
    async def get(
        self,
        agile_id: str,
        sprint_id: str,
        *,
        model: type[SprintT] = default_model(SprintT),
        params: Params | None = None,
    ) -> SprintT:
        """One sprint of a board (``sprint_id="current"``: the current sprint)."""
        path = at("agiles/{}/sprints/{}", agile_id=_board(agile_id), sprint_id=sprint_id)
        return await self._call("GET", path, model=model, params=params)

    @route("DELETE", "/agiles/{id}/sprints/{sprintId}")
    async def delete(self, agile_id: str, sprint_id: str, *, params: Params | None = None) -> None:
        """Delete a sprint."""
        path = at("agiles/{}/sprints/{}", agile_id=_board(agile_id), sprint_id=sprint_id)
        await self._call("DELETE", path, params=params, forgets="agile")

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
        model: type[SprintT] = default_model(SprintT),
        params: Params | None = None,
        notify: bool = True,
    ) -> SprintT:
        """Add a sprint named ``name`` to a board and return it.

        ``start``/``finish`` are aware datetimes; ``issues`` readable or entity ids of
        issues to put in it; ``body`` further attributes (a model instance or a JSON
        mapping). ``notify=False`` mutes YouTrack's notifications of the change.
        """
        check_text("name", name)  # required: None must not slip through as "no name"
        path = at("agiles/{}/sprints", agile_id=_board(agile_id))
        data = _sprint_body(
            body,
            name=name,
            goal=_UNSET if goal is None else goal,
            start=_UNSET if start is None else start,
            finish=_UNSET if finish is None else finish,
            archived=None,
            issues=issues,
        )
        return await self._call(
            "POST", path, json=data, model=model, params=params, notify=notify, forgets="agile"
        )

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
        model: type[SprintT] = default_model(SprintT),
    ) -> SprintT:
        """Change a sprint; only the arguments given are sent. ``goal``, ``start`` and
        ``finish`` may be None to clear them; ``issues`` replaces the sprint's issues;
        ``body`` adds further attributes."""
        data = _sprint_body(
            body, name=name, goal=goal, start=start, finish=finish, archived=archived, issues=issues
        )
        if not data:
            raise InvalidRequestError("nothing to change: pass at least one attribute")
        path = at("agiles/{}/sprints/{}", agile_id=_board(agile_id), sprint_id=sprint_id)
        return await self._call("POST", path, json=data, model=model, forgets="agile")

    @route("GET", "/agiles/{id}/sprints/{sprintId}")
    async def issues(
        self, agile_id: str, sprint_id: str, *, model: type[IssueT] = default_model(IssueT)
    ) -> builtins.list[IssueT]:
        """The issues on a sprint (read through the sprint's ``issues``, in one request:
        YouTrack has no paged collection for them)."""
        self._check(model)
        chosen: Any = model  # a class, hence hashable: the cache key of its holder
        sprint = await self.get(agile_id, sprint_id, model=_issues_holder(chosen))
        found: builtins.list[IssueT] = sprint.issues or []
        await type_dates(self._yt, found, chosen)
        return found


class AgilesResource(Resource):
    """Agile boards (``/api/agiles``); their sprints are ``yt.agiles.sprints``."""

    __slots__ = ("sprints",)

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: The boards' sprints: ``yt.agiles.sprints.list(agile_id)``, ...
        self.sprints = SprintsResource(client)

    @route("GET", "/agiles")
    def list(
        self,
        *,
        model: type[AgileT] = default_model(AgileT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[AgileT]:
        """Every board the token's user may see."""
        return self._pager(at("agiles"), model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/agiles/{id}")
    async def get(
        self,
        agile_id: str,
        *,
        model: type[AgileT] = default_model(AgileT),
        params: Params | None = None,
    ) -> AgileT:
        """One board by id or name."""
        path = at("agiles/{}", agile_id=_board(agile_id))
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/agiles/{id}")
    async def update(
        self,
        agile_id: str,
        *,
        body: Any,
        model: type[AgileT] = default_model(AgileT),
        params: Params | None = None,
    ) -> AgileT:
        """Send the attributes in ``body`` (a model instance or a JSON mapping; others
        stay as they are) and return the board."""
        path = at("agiles/{}", agile_id=_board(agile_id))
        return await self._call(
            "POST", path, body=body, model=model, params=params, forgets="agile"
        )

    @route("DELETE", "/agiles/{id}")
    async def delete(self, agile_id: str, *, params: Params | None = None) -> None:
        """Delete a board."""
        path = at("agiles/{}", agile_id=_board(agile_id))
        await self._call("DELETE", path, params=params, forgets="agile")

    @route("POST", "/agiles")
    async def create(
        self,
        name: str,
        *,
        projects: Iterable[str],
        template: str | None = None,
        body: Any = None,
        model: type[AgileT] = default_model(AgileT),
    ) -> AgileT:
        """Create a board named ``name`` over ``projects`` (short names such as ``"SP"``
        or entity ids such as ``"0-0"``).

        ``template`` is one of YouTrack's board templates (``scrum``, ``kanban``,
        ``version``, ``custom``, ``personal``); ``body`` adds further attributes (a
        model instance or a JSON mapping).
        """
        self._check(model)  # before the projects are looked up
        data = optional_body(body)
        data["name"] = check_text("name", name)
        chosen = check_ids("projects", projects)
        if not chosen:
            raise InvalidRequestError("projects must name at least one project")
        params = None if template is None else {"template": check_text("template", template)}
        check_sendable(params, data)  # before the projects are looked up
        data["projects"] = [{"id": await project_id(self._yt, p)} for p in chosen]
        # forgets: a new name, or one more board of a name
        return await self._call(
            "POST", at("agiles"), params=params, json=data, model=model, forgets="agile"
        )

"""``yt.saved_queries``: saved searches, and the issues they match.

A saved query is its id (``"137-0"``) or its name, looked up once per client.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._urls import ParamValue
from .._values import shown
from ..errors import InvalidRequestError
from ..models.issues import Issue
from ..models.queries import SavedQuery
from ._base import Params, Resource, at, default_model, route
from ._common import check_text, optional_body
from ._field_types import dates_step
from ._names import named
from ._names import saved_query_id as query_ref

__all__ = ["SavedQueriesResource"]

QueryT = TypeVar("QueryT", default=SavedQuery)
IssueT = TypeVar("IssueT", default=Issue)


def _query(saved_query_id: str) -> Any:
    return named(query_ref, "saved_query_id", saved_query_id)


class SavedQueriesResource(Resource):
    """Saved searches (``/api/savedQueries``)."""

    __slots__ = ()

    @route("GET", "/savedQueries")
    def list(
        self,
        *,
        model: type[QueryT] = default_model(QueryT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[QueryT]:
        """Every saved query the token's user may see."""
        path = at("savedQueries")
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/savedQueries/{id}")
    async def get(
        self,
        saved_query_id: str,
        *,
        model: type[QueryT] = default_model(QueryT),
        params: Params | None = None,
    ) -> QueryT:
        """One saved query by id or name."""
        path = at("savedQueries/{}", saved_query_id=_query(saved_query_id))
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/savedQueries/{id}")
    async def update(
        self,
        saved_query_id: str,
        *,
        body: Any,
        model: type[QueryT] = default_model(QueryT),
        params: Params | None = None,
    ) -> QueryT:
        """Send the attributes in ``body`` (a model instance or a JSON mapping; others
        stay as they are) and return the saved query."""
        path = at("savedQueries/{}", saved_query_id=_query(saved_query_id))
        return await self._call(
            "POST", path, body=body, model=model, params=params, forgets="savedQuery"
        )

    @route("DELETE", "/savedQueries/{id}")
    async def delete(self, saved_query_id: str, *, params: Params | None = None) -> None:
        """Delete a saved query."""
        path = at("savedQueries/{}", saved_query_id=_query(saved_query_id))
        await self._call("DELETE", path, params=params, forgets="savedQuery")

    @route("POST", "/savedQueries")
    async def create(
        self,
        name: str,
        query: str,
        *,
        body: Any = None,
        model: type[QueryT] = default_model(QueryT),
    ) -> QueryT:
        """Save ``query`` (YouTrack's search syntax) as ``name``, owned by the token's
        user; ``body`` adds attributes such as sharing settings."""
        data = optional_body(body)
        data["name"] = check_text("name", name)
        data["query"] = check_text("query", query, allow_empty=True)
        path = at("savedQueries")
        return await self._call("POST", path, json=data, model=model, forgets="savedQuery")

    @route("GET", "/users/{id}/savedQueries")
    def of_user(
        self,
        user: str,
        *,
        model: type[QueryT] = default_model(QueryT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[QueryT]:
        """The saved queries of one user (``user``: an entity id, or ``"me"``)."""
        path = at("users/{}/savedQueries", user=user)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/savedQueries/{id}")
    @route("GET", "/savedQueries")
    @route("GET", "/issues")
    def issues(
        self,
        saved_query: str | SavedQuery,
        *,
        model: type[IssueT] = default_model(IssueT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[IssueT]:
        """The issues the saved query matches now, as a Pager over ``GET /api/issues``.

        ``saved_query`` is a :class:`SavedQuery` with its ``query``, an entity id
        (``"138-1"``) or a name (looked up among the saved queries visible to the
        token's user). The query text is fetched when the first page is.
        """
        self._check(model)
        if isinstance(saved_query, SavedQuery):
            if saved_query.query is None and not saved_query.id:
                raise InvalidRequestError("the SavedQuery has neither query nor id")
        else:
            check_text("saved_query", saved_query)

        async def query() -> dict[str, ParamValue]:
            return {"query": await self._query_of(saved_query)}

        return self._pager(
            "api/issues",
            model,
            page_size=page_size,
            limit=limit,
            then=dates_step(self._yt, model),
            late_params=query,
        )

    async def _query_of(self, saved_query: str | SavedQuery) -> str:
        if isinstance(saved_query, SavedQuery):
            if saved_query.query is not None:
                return saved_query.query
            key = saved_query.id or ""
        else:
            key = saved_query
        # get() takes an id or a name, as every name-or-id argument does.
        found = await self.get(key, params={"fields": "id,name,query"})
        if found.query is None:
            raise InvalidRequestError(f"saved query {shown(key)} has no query text")
        return found.query

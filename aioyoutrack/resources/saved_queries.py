"""``yt.saved_queries``: saved searches, and the issues they match."""

from __future__ import annotations

from typing import Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._urls import ParamValue
from ..errors import InvalidRequestError
from ..models.issues import Issue
from ..models.queries import SavedQuery
from ._base import api_path, route
from ._common import M, check_model, check_text, is_database_id, list_pager
from ._generic import DeleteOp, GetOp, ListOp, UpdateOp, json_body
from ._names import forget, saved_query_id

__all__ = ["SavedQueriesResource"]


class SavedQueriesResource(
    ListOp[SavedQuery], GetOp[SavedQuery], UpdateOp[SavedQuery], DeleteOp[SavedQuery]
):
    """Saved searches (``/api/savedQueries``): ``list()``, ``get(query)``,
    ``update(query, body=...)``, ``delete(query)``, :meth:`create`, :meth:`issues` and
    :meth:`of_user`. A saved query is its id (``"137-0"``) or its name, looked up once
    per client."""

    __slots__ = ()
    path = "/savedQueries"
    item = "id"
    model = SavedQuery
    resolvers = {"id": saved_query_id}

    @overload
    async def create(self, name: str, query: str, *, body: Any = None) -> SavedQuery: ...
    @overload
    async def create(self, name: str, query: str, *, body: Any = None, model: type[M]) -> M: ...

    @route("POST", "/savedQueries")
    async def create(
        self, name: str, query: str, *, body: Any = None, model: Any = SavedQuery
    ) -> Any:
        """Save ``query`` (YouTrack's search syntax) as ``name``, owned by the token's
        user; ``body`` adds attributes such as sharing settings."""
        check_model(model)
        data: dict[str, Any] = {} if body is None else json_body(body)
        data["name"] = check_text("name", name)
        data["query"] = check_text("query", query, allow_empty=True)
        try:
            return await self._yt.request("POST", "api/savedQueries", json=data, model=model)
        finally:
            forget(self._yt, "savedQuery")

    @overload
    def of_user(
        self, user: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[SavedQuery]: ...
    @overload
    def of_user(
        self,
        user: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/users/{id}/savedQueries")
    def of_user(
        self,
        user: str,
        *,
        model: Any = SavedQuery,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The saved queries of one user (``user``: an entity id, or ``"me"``)."""
        path = api_path("users/{}/savedQueries", check_text("user", user))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    def issues(
        self,
        saved_query: str | SavedQuery,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Issue]: ...
    @overload
    def issues(
        self,
        saved_query: str | SavedQuery,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/savedQueries/{id}")
    @route("GET", "/savedQueries")
    @route("GET", "/issues")
    def issues(
        self,
        saved_query: str | SavedQuery,
        *,
        model: Any = Issue,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The issues the saved query matches now, as a Pager over ``GET /api/issues``.

        ``saved_query`` is a :class:`SavedQuery` with its ``query``, an entity id
        (``"138-1"``) or a name (looked up among the saved queries visible to the
        token's user). The query text is fetched when the first page is.
        """
        check_model(model)
        if isinstance(saved_query, SavedQuery):
            if saved_query.query is None and not saved_query.id:
                raise InvalidRequestError("the SavedQuery has neither query nor id")
        else:
            check_text("saved_query", saved_query)
        resource = self
        query: list[str] = []

        async def fetch_page(skip: int, top: int) -> Any:
            if not query:
                query.append(await resource._query_of(saved_query))
            params: dict[str, ParamValue] = {"query": query[0], "$skip": skip, "$top": top}
            return await resource._yt.request("GET", "api/issues", params=params, model=list[model])

        fetch_page.__qualname__ = "GET issues?query=<saved query>"
        return Pager(fetch_page, page_size=page_size, limit=limit)

    async def _query_of(self, saved_query: str | SavedQuery) -> str:
        if isinstance(saved_query, SavedQuery):
            if saved_query.query is not None:
                return saved_query.query
            key = saved_query.id or ""
        else:
            key = saved_query
        if is_database_id(key):
            found = await self.get(key, params={"fields": "id,name,query"})
            if found.query is None:
                raise InvalidRequestError(f"saved query {key!r} has no query text")
            return found.query
        async for candidate in self.list(params={"fields": "id,name,query"}):
            if candidate.name == key and candidate.query is not None:
                return candidate.query
        raise InvalidRequestError(f"no saved query named {key!r} is visible to this user")

"""``yt.search``: completion of search queries as YouTrack's search box offers it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload

from ..models.search import SearchSuggestions
from ._base import Resource, route
from ._common import M, check_caret, check_ids, check_model, check_text

__all__ = ["SearchResource"]


class SearchResource(Resource):
    """Search-query assistance (``/api/search/assist``)."""

    __slots__ = ()

    @overload
    async def assist(
        self, query: str, *, caret: int | None = None, folders: Iterable[str] | None = None
    ) -> SearchSuggestions: ...
    @overload
    async def assist(
        self,
        query: str,
        *,
        caret: int | None = None,
        folders: Iterable[str] | None = None,
        model: type[M],
    ) -> M: ...

    @route("POST", "/search/assist")
    async def assist(
        self,
        query: str,
        *,
        caret: int | None = None,
        folders: Iterable[str] | None = None,
        model: Any = SearchSuggestions,
    ) -> Any:
        """Suggestions for completing ``query`` at ``caret`` (default: its end), searching
        in ``folders`` (ids of projects, tags or saved queries; default: everywhere).

        It changes nothing on the server, so it is retried like a read.
        """
        check_model(model)
        text = check_text("query", query, allow_empty=True)
        body: dict[str, Any] = {"query": text, "caret": check_caret(caret, text)}
        if folders is not None:
            body["folders"] = [{"id": f} for f in check_ids("folders", folders)]
        return await self._yt.request(
            "POST", "api/search/assist", json=body, model=model, idempotent=True
        )

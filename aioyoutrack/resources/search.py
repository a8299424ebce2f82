"""``yt.search``: completion of search queries as YouTrack's search box offers it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typing_extensions import TypeVar

from ..models.search import SearchSuggestions
from ._base import Resource, default_model, route
from ._common import check_caret, check_ids, check_text

__all__ = ["SearchResource"]

T = TypeVar("T")
SuggestionsT = TypeVar("SuggestionsT", default=SearchSuggestions)


async def complete(
    resource: Resource, path: str, query: str, caret: int | None, model: type[T], **extra: Any
) -> T:
    """POST a completion request (``query``, ``caret`` at its end when None, and
    ``extra``) to ``path``, structured into ``model``.

    It changes nothing on the server, so it is retried like a read (``idempotent``).
    """
    resource._check(model)  # before the query's checks, as every call does
    text = check_text("query", query, allow_empty=True)
    body = {"query": text, "caret": check_caret(caret, text), **extra}
    return await resource._call("POST", path, json=body, model=model, idempotent=True)


class SearchResource(Resource):
    """Search-query assistance (``/api/search/assist``)."""

    __slots__ = ()

    @route("POST", "/search/assist")
    async def assist(
        self,
        query: str,
        *,
        caret: int | None = None,
        folders: Iterable[str] | None = None,
        model: type[SuggestionsT] = default_model(SuggestionsT),
    ) -> SuggestionsT:
        """Suggestions for completing ``query`` at ``caret`` (default: its end), searching
        in ``folders`` (ids of projects, tags or saved queries; default: everywhere).

        It changes nothing on the server, so it is retried like a read.
        """
        extra = (
            {}
            if folders is None
            else {"folders": [{"id": f} for f in check_ids("folders", folders)]}
        )
        return await complete(self, "api/search/assist", query, caret, model, **extra)

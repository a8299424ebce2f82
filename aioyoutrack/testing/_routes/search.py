"""Search assistance: ``POST /api/search/assist``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request
from .._http.registry import Ctx, route
from .._state.records import new_record
from .._wire.refs import blank_or_str


@route("POST", "search/assist")
async def search_assist(ctx: Ctx) -> Any:
    """Complete the word before ``caret`` with project short names and attribute names."""
    body = await ctx.body_object()
    query = blank_or_str(body, "query")
    caret = body.get("caret", len(query))
    if isinstance(caret, bool) or not isinstance(caret, int) or not 0 <= caret <= len(query):
        raise bad_request("caret must be a position in the query")
    start = caret
    while start > 0 and not query[start - 1].isspace():
        start -= 1
    word = query[start:caret].lower()
    options = [f"project: {p.short_name}" for p in ctx.store.projects.values()]
    options += ["#Unresolved", "#Resolved", "for: me", "by: me"]
    suggestions = [
        new_record(
            "Suggestion",
            {
                "id": f"suggestion-{n}",
                "option": option,
                "completionStart": start,
                "completionEnd": caret,
                "caret": start + len(option),
                "description": None,
                "prefix": "",
                "suffix": " ",
            },
        )
        for n, option in enumerate(o for o in options if o.lower().startswith(word))
    ]
    answer = new_record(
        "SearchSuggestions",
        {"id": "assist", "query": query, "caret": caret, "suggestions": None},
    )
    answer.data["suggestions"] = suggestions
    return ctx.render(answer)

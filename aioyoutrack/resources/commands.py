"""``yt.commands``: apply YouTrack commands (``State Fixed``, ``tag Regression``, ``for
jane.doe``, ``relates to SP-2``) to issues."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._convert import structure
from .._fields import fields_for
from ..errors import InvalidRequestError
from ..models.commands import CommandList, CommandVisibility
from ..models.issues import Issue
from ..models.visibility import Visibility
from ._base import Resource, route
from ._common import check_flag, check_text, is_database_id, notify_params, visibility_body

__all__ = ["CommandsResource"]


def _issue_ref(issue: object) -> dict[str, str]:
    """``{"idReadable": "SP-8"}`` or ``{"id": "2-17"}`` for an issue argument."""
    if isinstance(issue, Issue):
        if issue.id:
            return {"id": issue.id}
        if issue.id_readable:
            return {"idReadable": issue.id_readable}
        raise InvalidRequestError("an Issue given to a command needs an id or id_readable")
    key = check_text("issue id", issue)
    return {"id": key} if is_database_id(key) else {"idReadable": key}


class CommandsResource(Resource):
    """Commands (``POST /api/commands``), the way the YouTrack UI applies them."""

    __slots__ = ()

    @route("POST", "/commands")
    async def apply(
        self,
        query: str,
        *,
        issues: str | Issue | Iterable[str | Issue],
        comment: str | None = None,
        silent: bool = False,
        visibility: Visibility | CommandVisibility | dict[str, Any] | None = None,
        notify: bool = True,
    ) -> CommandList | None:
        """Apply the command ``query`` to ``issues`` and return what the server made of
        it (a :class:`CommandList` with the parsed ``commands``), or None when the
        server sends no body.

        ``issues`` are readable ids (``"SP-8"``), entity ids (``"2-17"``) or
        :class:`Issue` objects. ``comment`` is added to every issue (with
        ``visibility``, e.g. ``LimitedVisibility(permitted_groups=[UserGroup(id=...)])``);
        ``silent=True`` sends no notifications. An empty ``query`` needs a ``comment``.
        A command is a write: it is never resent after it may have reached the server.
        """
        quiet = notify_params(notify)
        check_text("query", query, allow_empty=True)
        if isinstance(issues, (str, Issue)):
            issues = [issues]
        if not isinstance(issues, Iterable):
            raise InvalidRequestError(f"issues must be ids or Issues, got {type(issues).__name__}")
        refs = [_issue_ref(issue) for issue in issues]
        if not refs:
            raise InvalidRequestError("a command needs at least one issue")
        if comment is not None:
            check_text("comment", comment)
        if not query.strip() and comment is None:
            raise InvalidRequestError("the command is empty: give a query or a comment")
        check_flag("silent", silent)
        body: dict[str, Any] = {"query": query, "issues": refs}
        if comment is not None:
            body["comment"] = comment
        if silent:
            body["silent"] = True
        shown = visibility_body(visibility, command=True)
        if shown is not None:
            body["visibility"] = shown
        answer = await self._yt.request(
            "POST",
            "api/commands",
            params={"fields": fields_for(CommandList), **quiet},
            json=body,
        )
        if answer is None:
            return None
        result: CommandList = structure(answer, CommandList)
        return result

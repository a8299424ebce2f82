"""``yt.commands``: apply YouTrack commands (``State Fixed``, ``tag Regression``, ``for
jane.doe``, ``relates to SP-2``) to issues."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typing_extensions import TypeVar

from .._convert import structure
from .._fields import fields_for
from ..errors import InvalidRequestError
from ..models.commands import CommandList, CommandVisibility
from ..models.issues import Issue
from ..models.visibility import Visibility
from ._base import Resource, default_model, route
from ._common import check_flag, check_text, is_database_id
from ._names import visibility_json
from .search import complete

__all__ = ["CommandsResource"]

CommandsT = TypeVar("CommandsT", default=CommandList)


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


def _issue_refs(issues: object) -> list[dict[str, str]]:
    if isinstance(issues, (str, Issue)):
        issues = [issues]
    if not isinstance(issues, Iterable):
        raise InvalidRequestError(f"issues must be ids or Issues, got {type(issues).__name__}")
    return [_issue_ref(issue) for issue in issues]


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
        model: type[CommandsT] = default_model(CommandsT),
        notify: bool = True,
    ) -> CommandsT | None:
        """Apply the command ``query`` to ``issues`` and return what the server made of
        it (a :class:`CommandList` with the parsed ``commands``), or None when the
        server sends no body.

        ``issues`` are readable ids (``"SP-8"``), entity ids (``"2-17"``) or
        :class:`Issue` objects. ``comment`` is added to every issue (with
        ``visibility``, e.g. ``LimitedVisibility(permitted_groups=[UserGroup(id=...)])``);
        ``silent=True`` sends no notifications. An empty ``query`` needs a ``comment``.
        ``model`` (an attrs class) replaces :class:`CommandList` for the answer.
        A command is a write: it is never resent after it may have reached the server.
        """
        self._check(model, notify)
        check_text("query", query, allow_empty=True)
        refs = _issue_refs(issues)
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
        shown = await visibility_json(self._yt, visibility, command=True)
        if shown is not None:
            body["visibility"] = shown
        # Structured here, not by the request: the server may answer with no body at all.
        view: Any = model  # mypy does not see that a class is Hashable (fields_for's cache)
        fields = {"fields": fields_for(view)}
        answer = await self._call("POST", "api/commands", params=fields, json=body, notify=notify)
        if answer is None:
            return None
        result: CommandsT = structure(answer, model)
        return result

    @route("POST", "/commands/assist")
    async def assist(
        self,
        query: str,
        *,
        issues: str | Issue | Iterable[str | Issue] = (),
        caret: int | None = None,
        model: type[CommandsT] = default_model(CommandsT),
    ) -> CommandsT:
        """Completion of a command as the user types it (what a bot offers), without
        applying anything: a :class:`CommandList` whose ``suggestions`` are the
        completions at ``caret`` (default: the end of ``query``) and whose ``commands``
        are the commands parsed so far (``error`` set on one that would fail).

        ``issues`` (readable ids, entity ids or :class:`Issue` objects) are the issues
        the command is for: their projects decide which fields and values are offered.
        Each :class:`Suggestion` replaces ``query[completion_start:completion_end]``
        with ``prefix + option + suffix`` and puts the caret at its ``caret``. It
        changes nothing on the server, so it is retried like a read.
        """
        refs = _issue_refs(issues)
        extra = {"issues": refs} if refs else {}
        return await complete(self, "api/commands/assist", query, caret, model, **extra)

"""Turning entities into table cells and JSON lines (pure functions, no I/O).

Cells and listings hold the server's text as it is (the UI escapes what it prints); JSON
is escaped here, JSON's way, so that it stays exact JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .._convert import unstructure
from ..errors import InvalidRequestError, ResponseValidationError
from ..models import Issue, Project, User, UserGroup
from ._escape import visible
from ._ui import Column

__all__ = [
    "ISSUE_COLUMNS",
    "PROJECT_COLUMNS",
    "cell",
    "issue_details",
    "issue_row",
    "json_document",
    "json_line",
    "project_row",
]

#: Columns of ``aioyoutrack issues``: the fields most projects have, then the summary.
ISSUE_COLUMNS = (
    Column("ID"),
    Column("State"),
    Column("Priority"),
    Column("Assignee"),
    Column("Summary"),
)
PROJECT_COLUMNS = (Column("Key"), Column("Name"), Column("ID"), Column("Leader"))


def _person(user: User | UserGroup) -> str:
    if isinstance(user, User):
        return user.full_name or user.login or user.id or ""
    return user.name or user.id or ""


def _duration(value: dt.timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}h {mins}m"
    return f"{hours}h" if hours else f"{mins}m"


def cell(value: Any) -> str:
    """A plain value (``Issue.fields`` style) as text: users by name, lists joined
    (nested lists flattened, without recursion: a server's value may nest deeply)."""
    if not isinstance(value, (list, tuple)):
        return _scalar_cell(value)
    parts: list[str] = []
    pending: list[Any] = [iter(value)]
    while pending:
        for item in pending[-1]:
            if isinstance(item, (list, tuple)):
                pending.append(iter(item))
                break
            parts.append(_scalar_cell(item))
        else:
            pending.pop()
    return ", ".join(parts)


def _scalar_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (User, UserGroup)):
        return _person(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _duration(value)
    return str(value)


def issue_row(issue: Issue) -> list[str]:
    """A row of :data:`ISSUE_COLUMNS`; fields a project lacks are empty."""
    fields = issue.fields
    return [
        issue.id_readable or issue.id or "",
        cell(fields.get("State")),
        cell(fields.get("Priority")),
        cell(fields.get("Assignee")),
        issue.summary or "",
    ]


def project_row(project: Project) -> list[str]:
    """A row of :data:`PROJECT_COLUMNS`."""
    return [
        project.short_name or "",
        project.name or "",
        project.id or "",
        _person(project.leader) if project.leader is not None else "",
    ]


def issue_details(issue: Issue) -> list[tuple[str, str]]:
    """Name/value pairs describing one issue: the basics, every custom field, then the
    description."""
    project = issue.project
    pairs = [
        ("ID", f"{issue.id_readable or ''} ({issue.id or '?'})"),
        ("Summary", issue.summary or ""),
        ("Project", f"{project.name} ({project.short_name})" if project is not None else ""),
        ("Reporter", cell(issue.reporter)),
        ("Created", cell(issue.created)),
        ("Updated", cell(issue.updated)),
        ("Resolved", cell(issue.resolved)),
        ("Tags", ", ".join(t.name or "" for t in issue.tags or ())),
    ]
    pairs.extend((name, cell(value)) for name, value in issue.fields.items())
    # One line each (a summary's "\n" shown as such: it cannot pass for a line of its
    # own); only the description keeps its lines.
    pairs = [(name, visible(value)) for name, value in pairs]
    if issue.description:
        pairs.append(("Description", issue.description))
    return pairs


def json_line(entity: Any) -> str:
    """One entity as compact JSON in YouTrack's wire shape (``aioyoutrack.unstructure``:
    camelCase keys, ``$type``, epoch-millisecond timestamps). Control and bidi characters
    in its strings are written as ``\\u`` escapes, which ``json.dumps`` leaves raw for
    DEL, C1 and bidi ones: a terminal shows them, a JSON reader reads the same text."""
    return visible(_wire_json(entity, separators=(",", ":")), json=True)


def json_document(data: Any) -> str:
    """An entity, or a list of them, as one indented JSON document (wire shape, as
    :func:`json_line`, escaped alike)."""
    return visible(_wire_json(data, indent=2), keep="\n", json=True)


def _wire_json(data: Any, **layout: Any) -> str:
    """``data`` (what the server sent, as models) as JSON text; what cannot be written
    (a value nested hundreds of levels deep) is the server's, not the caller's:
    :class:`~aioyoutrack.ResponseValidationError`."""
    try:
        return json.dumps(unstructure(data), ensure_ascii=False, **layout)
    except InvalidRequestError as exc:
        problem = str(exc)
    except (RecursionError, ValueError, TypeError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    what = f"this {type(data).__name__}" if not isinstance(data, list) else "these entities"
    raise ResponseValidationError(
        f"{what}, as the server sent it, cannot be written as JSON ({problem})",
        model=type(data),
    )

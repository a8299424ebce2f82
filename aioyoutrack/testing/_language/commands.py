"""Commands (``POST /api/commands``): a practical subset of YouTrack's command language.

Supported, in any sequence: ``<Field> <value>`` for any custom field (set; adds to a
multi-value field; fields are matched by name, alias or singular name, e.g.
``Fix version 2021.1``), a bare value of an enum/state field (``Fixed``),
``for <login|me>`` (Assignee), ``tag <name>`` (creates the tag if unknown),
``untag <name>`` / ``remove tag <name>``, ``remove <Field> <value>``, and link
phrases (``relates to SP-1``, ``depends on SP-2 SP-3``, ``subtask of SP-4``;
``remove relates to SP-1`` unlinks). Anything else is a 400. The whole command is
validated for every issue before anything changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import partial
from typing import Any, Final

from .._http.errors import bad_request, forbidden
from .._state.builders import ensure_tag
from .._state.custom_fields import ProjectCustomField
from .._state.issues import BOTH, Issue, LinkType
from .._state.operations.comments import add_comment
from .._state.operations.issues import is_empty, require_shown, update_issue
from .._state.operations.links import link_issues, unlink_issues
from .._state.operations.tags import tag_issue, untag_issue
from .._state.projects import Project
from .._state.responses import ParsedCommand
from .._state.store import Store
from .._state.users import User, Visibility
from .._wire.field_values import parse_plain

__all__ = ["apply_command"]

_WORD: Final = re.compile(r"\{([^}]*)\}|(\S+)")
_READABLE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-\d+$")


@dataclass
class _Action:
    verb: str  # set, remove, tag, untag, link, unlink
    description: str
    field: str = ""
    value: str = ""
    link_type: LinkType | None = None
    direction: str = BOTH
    targets: list[Issue] = dc_field(default_factory=list)


def apply_command(
    store: Store,
    user: User,
    query: str,
    issues: list[Issue],
    *,
    comment: str | None = None,
    visibility: Visibility | None = None,
) -> list[ParsedCommand]:
    """Parse ``query`` and apply it (and ``comment``) to ``issues``; ApiError if invalid."""
    for issue in issues:
        if not store.can_update(user, issue.project):
            raise forbidden(f"You have no permission to update issue {issue.id_readable}")
    actions = _Parser(store, user, query, {i.project for i in issues}).parse()
    plans = [_plan(store, user, issue, actions) for issue in issues]
    for plan in plans:
        for step in plan:
            step()
    if comment:
        for issue in issues:
            if visibility is None:
                add_comment(store, user, issue, comment)
            else:
                add_comment(store, user, issue, comment, visibility)
    return [
        ParsedCommand(a.description, delete=a.verb in ("remove", "untag", "unlink"))
        for a in actions
    ]


def _words(query: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _WORD.finditer(query)]


class _Parser:
    def __init__(self, store: Store, user: User, query: str, projects: set[Project]) -> None:
        self.store = store
        self.user = user
        self.words = _words(query)
        self.low = [w.lower() for w in self.words]
        self.projects = projects
        self.fields: dict[str, str] = {}
        for project in projects:
            for pcf in project.fields:
                name = pcf.field.name
                for alias in _aliases(pcf):
                    self.fields.setdefault(alias, name)
        self.phrases: dict[str, tuple[LinkType, str]] = {}
        for link_type in store.link_types.values():
            for phrase, way in link_type.phrases().items():
                self.phrases[phrase] = (link_type, way)

    def parse(self) -> list[_Action]:
        actions: list[_Action] = []
        pos = 0
        while pos < len(self.words):
            action, pos = self._one(pos)
            actions.append(action)
        return actions

    def _one(self, pos: int) -> tuple[_Action, int]:
        word = self.low[pos]
        if word == "remove" and pos + 1 < len(self.words):
            return self._one_removal(pos + 1)
        if word == "tag" and pos + 1 < len(self.words):
            name, end = self._tag_name(pos + 1, must_exist=False)
            return _Action("tag", f"tag {name}", value=name), end
        if word == "untag" and pos + 1 < len(self.words):
            name, end = self._tag_name(pos + 1, must_exist=True)
            return _Action("untag", f"untag {name}", value=name), end
        has_assignee = any(name.lower() == "assignee" for name in self.fields.values())
        if word == "for" and pos + 1 < len(self.words) and has_assignee:
            return _Action(
                "set", f"Assignee {self.words[pos + 1]}", "assignee", self.words[pos + 1]
            ), pos + 2
        link = self._link(pos, "link")
        if link is not None:
            return link
        found = self._field_and_value(pos, "set")
        if found is not None:
            return found
        bare = self._bare_value(pos)
        if bare is not None:
            return bare
        raise bad_request(f"Unknown command: {self.words[pos]}")

    def _one_removal(self, pos: int) -> tuple[_Action, int]:
        if self.low[pos] == "tag" and pos + 1 < len(self.words):
            name, end = self._tag_name(pos + 1, must_exist=True)
            return _Action("untag", f"remove tag {name}", value=name), end
        link = self._link(pos, "unlink")
        if link is not None:
            return link
        found = self._field_and_value(pos, "remove")
        if found is not None:
            return found
        raise bad_request(f"Unknown command: remove {self.words[pos]}")

    def _longest(self, pos: int, candidates: dict[str, Any]) -> tuple[str, int] | None:
        for end in range(len(self.words), pos, -1):
            phrase = " ".join(self.low[pos:end])
            if phrase in candidates:
                return phrase, end
        return None

    def _tag_name(self, pos: int, *, must_exist: bool) -> tuple[str, int]:
        names = {t.name.lower(): t.name for t in self.store.tags.values()}
        found = self._longest(pos, names)
        if found is not None:
            return names[found[0]], found[1]
        if must_exist:
            raise bad_request(f"Unknown tag: {self.words[pos]}")
        return self.words[pos], pos + 1

    def _link(self, pos: int, verb: str) -> tuple[_Action, int] | None:
        found = self._longest(pos, self.phrases)
        if found is None:
            return None
        phrase, end = found
        link_type, direction = self.phrases[phrase]
        targets = []
        while end < len(self.words):
            key = self.words[end].strip(",")
            if not _READABLE.match(key) and not self.store.issues.get(key):
                break
            targets.append(self.store.find_issue(key, self.user))
            end += 1
        if not targets:
            raise bad_request(f"Command '{phrase}' needs an issue id")
        names = " ".join(t.id_readable for t in targets)
        action = _Action(
            verb, f"{phrase} {names}", link_type=link_type, direction=direction, targets=targets
        )
        return action, end

    def _field_and_value(self, pos: int, verb: str) -> tuple[_Action, int] | None:
        found = self._longest(pos, self.fields)
        if found is None:
            return None
        alias, start = found
        name = self.fields[alias]
        for end in range(len(self.words), start, -1):
            value = " ".join(self.words[start:end])
            if self._valid_somewhere(name, value):
                return _Action(verb, f"{name} {value}", name.lower(), value), end
        shown = self.words[start] if start < len(self.words) else ""
        raise bad_request(f"Unknown value for field {name}: {shown}".rstrip(": "))

    def _valid_somewhere(self, name: str, value: str) -> bool:
        for project in self.projects:
            pcf = project.custom_field(name)
            if pcf is not None and _parse_value(self.store, self.user, pcf, value) is not None:
                return True
        return False

    def _bare_value(self, pos: int) -> tuple[_Action, int] | None:
        owners: dict[str, set[str]] = {}
        for project in self.projects:
            for pcf in project.fields:
                if pcf.kind.value_type in ("enum", "state") and pcf.bundle is not None:
                    for element in pcf.bundle.values:
                        owners.setdefault(element.name.lower(), set()).add(pcf.field.name)
        found = self._longest(pos, owners)
        if found is None or len(owners[found[0]]) != 1:
            return None
        (name,) = owners[found[0]]
        value = " ".join(self.words[pos : found[1]])
        return _Action("set", f"{name} {value}", name.lower(), value), found[1]


def _aliases(pcf: ProjectCustomField) -> list[str]:
    name = pcf.field.name.lower()
    out = [name]
    if name.endswith("s"):
        out.append(name[:-1])
    if pcf.field.aliases:
        out.extend(a.strip().lower() for a in pcf.field.aliases.split(",") if a.strip())
    return out


def _parse_value(store: Store, user: User, pcf: ProjectCustomField, value: str) -> Any:
    if pcf.kind.value_type == "user" and value.lower() == "me":
        value = user.login
    try:
        parsed = parse_plain(store, pcf, value)
    except ValueError:
        return None
    return parsed[0] if isinstance(parsed, list) and parsed else parsed


def _plan(
    store: Store, user: User, issue: Issue, actions: list[_Action]
) -> list[Callable[[], Any]]:
    """The steps of ``actions`` on ``issue``, every check made first: a command is
    applied whole or not at all. Its field changes are one write, checked against the
    values the whole command leaves (``Type Task Estimation 2h`` in either order)."""
    steps: list[Callable[[], Any]] = []
    values: dict[str, Any] = {}
    at = 0  # where the field write goes: at the first field action, as the history shows
    for action in actions:
        if action.verb in ("set", "remove"):
            if not values:
                at = len(steps)
            pcf_id, new = _field_change(store, user, issue, action, values)
            values[pcf_id] = new
        elif action.verb == "tag":
            steps.append(partial(_tag, store, user, issue, action.value))
        elif action.verb == "untag":
            steps.append(partial(untag_issue, store, user, issue, store.find_tag(action.value)))
        else:
            assert action.link_type is not None
            do = link_issues if action.verb == "link" else unlink_issues
            for target in action.targets:
                if target is issue:
                    raise bad_request(f"An issue cannot be linked to itself: {issue.id_readable}")
                steps.append(
                    partial(do, store, user, issue, action.link_type, action.direction, target)
                )
    if values:
        require_shown(issue.project, issue.values, values)
        steps.insert(at, partial(update_issue, store, user, issue, values=values))
    return steps


def _tag(store: Store, user: User, issue: Issue, name: str) -> None:
    tag_issue(store, user, issue, ensure_tag(store, name, user))


def _field_change(
    store: Store, user: User, issue: Issue, action: _Action, planned: dict[str, Any]
) -> tuple[str, Any]:
    """``(pcf id, new value)`` of a field action, from the value the command's earlier
    actions leave (``planned``) or the issue's; a 400 for a field the value cannot be."""
    pcf = issue.project.custom_field(action.field)
    if pcf is None:
        raise bad_request(
            f"Field {action.field} does not exist in project {issue.project.short_name}"
        )
    value = _parse_value(store, user, pcf, action.value)
    if value is None:
        raise bad_request(f"Unknown value for field {pcf.field.name}: {action.value}")
    current = planned.get(pcf.id, issue.values.get(pcf.id))
    new: Any
    if pcf.kind.multi:
        items = list(current or [])
        if action.verb == "set" and value not in items:
            items.append(value)
        elif action.verb == "remove" and value in items:
            items.remove(value)
        new = items
    elif action.verb == "remove":
        new = None if current is value else current
    else:
        new = value
    removes_single = action.verb == "remove" and not pcf.kind.multi
    if not pcf.can_be_empty and (is_empty(new) or removes_single):
        raise bad_request(f"Field {pcf.field.name} is required")
    return pcf.id, new

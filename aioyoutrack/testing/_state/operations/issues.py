"""Creating, changing, moving and deleting issues, with their history."""

from __future__ import annotations

from typing import Any

from ..._http.errors import invalid_properties
from ..activities import FilterField, IssueKey
from ..custom_fields import ProjectCustomField
from ..history import UNSET, record, touch_issue
from ..issues import Issue, wire_value
from ..projects import Project
from ..store import Store
from ..users import User
from .links import opposite
from .tags import untag_issue


def create_issue(
    store: Store,
    author: User,
    project: Project,
    summary: str,
    description: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    created: int | None = None,
) -> Issue:
    """Create an issue; fields not in ``values`` get the project defaults."""
    stamp = store.now() if created is None else created
    given = values or {}
    defaults = {pcf.id: _default(pcf) for pcf in project.fields}
    stored: dict[str, Any] = {}
    missing = []
    for pcf in project.fields:
        value = given.get(pcf.id, defaults[pcf.id])
        if is_empty(value):
            if not pcf.can_be_empty:
                missing.append(f"Field {pcf.field.name} is required")
            continue
        stored[pcf.id] = value
    if missing:
        raise invalid_properties(missing)
    require_shown(project, defaults, given)
    issue = Issue(
        id=store.new_id("issue"),
        project=project,
        number=project.next_number,
        summary=summary,
        description=description,
        reporter=author,
        updater=author,
        created=stamp,
        updated=stamp,
        values=stored,
    )
    project.next_number += 1
    if _is_resolved(issue):
        issue.resolved = stamp
    store.issues[issue.id] = issue
    store.issues_by_readable[issue.id_readable.upper()] = issue
    record(
        store,
        "IssueCreatedActivityItem",
        "IssueCreatedCategory",
        author,
        issue,
        issue,
        added=(issue,),  # tuples: one per issue, so keep them small
        removed=(),
        timestamp=stamp,
    )
    store.touch()
    return issue


def _is_resolved(issue: Issue) -> bool:
    for pcf in issue.project.fields:
        if pcf.kind.value_type == "state":
            value = issue.values.get(pcf.id)
            if value is not None and value.is_resolved:
                return True
    return False


def _default(pcf: ProjectCustomField) -> Any:
    """The value a new issue gets for ``pcf`` when the create body leaves it out."""
    if not pcf.default_values:
        return None
    return list(pcf.default_values) if pcf.kind.multi else pcf.default_values[0]


def is_empty(value: Any) -> bool:
    """Whether a stored field value is no value: None, or no items of a multi-value field."""
    return value is None or value == []


def require_shown(project: Project, before: dict[str, Any], given: dict[str, Any]) -> None:
    """400 ``invalid_properties`` when a write changes a field (``given``: ``{pcf id:
    value}``; ``before``: the values it changes) that its condition hides once the
    whole write is applied. Sending a hidden field the value it has is no change."""
    after = {**before, **given}
    by_id = {pcf.id: pcf for pcf in project.fields}
    for pcf_id, value in given.items():
        condition = by_id[pcf_id].condition
        old = before.get(pcf_id)
        unchanged = old == value or (is_empty(old) and is_empty(value))
        if condition is not None and not unchanged and not condition.shows(after):
            raise invalid_properties([condition.refusal], child="Issue-is-invalid")


def update_issue(
    store: Store,
    author: User,
    issue: Issue,
    *,
    summary: str | None = None,
    description: Any = UNSET,
    values: dict[str, Any] | None = None,
) -> None:
    """Change summary, description and/or custom field values (``{pcf id: value}``)."""
    if values:
        require_shown(issue.project, issue.values, values)
    stamp = store.now()
    changed = False
    new_summary = UNSET if summary is None else summary  # None: not given
    texts = (  # (attribute, its new text or UNSET, activity $type, category)
        ("summary", new_summary, "SimpleValueActivityItem", "SummaryCategory"),
        ("description", description, "TextMarkupActivityItem", "DescriptionCategory"),
    )
    for name, text, type_name, category in texts:
        before = getattr(issue, name)
        if text is UNSET or text == before:
            continue
        record(
            store,
            type_name,
            category,
            author,
            issue,
            issue,
            added=text,
            removed=before,
            field=FilterField(name, name),
            timestamp=stamp,
        )
        setattr(issue, name, text)
        changed = True
    was_resolved = issue.resolved is not None
    by_id = {pcf.id: pcf for pcf in issue.project.fields}
    for pcf_id, value in (values or {}).items():
        changed |= _set_field(store, author, issue, by_id[pcf_id], value, stamp)
    if not changed:
        return
    now_resolved = _is_resolved(issue)
    if now_resolved != was_resolved:
        old = issue.resolved
        issue.resolved = stamp if now_resolved else None
        record(
            store,
            "IssueResolvedActivityItem",
            "IssueResolvedCategory",
            author,
            issue,
            issue,
            added=issue.resolved,
            removed=old,
            timestamp=stamp,
        )
        if now_resolved:
            for tag in [t for t in issue.tags if t.untag_on_resolve]:
                untag_issue(store, author, issue, tag)
    issue.updated = stamp
    issue.updater = author
    store.touch()


def _set_field(
    store: Store, author: User, issue: Issue, pcf: ProjectCustomField, value: Any, stamp: int
) -> bool:
    kind = pcf.kind
    old = issue.values.get(pcf.id, [] if kind.multi else None)
    if value == old or (value is None and old is None):
        return False
    if is_empty(value):
        issue.values.pop(pcf.id, None)
    else:
        issue.values[pcf.id] = value
    custom = pcf.field
    field = FilterField(custom.id, custom.name, custom)
    if kind.multi:
        new_items: list[Any] = value or []
        old_items: list[Any] = old or []
        added: Any = [v for v in new_items if v not in old_items]
        removed: Any = [v for v in old_items if v not in new_items]
    elif kind.bundle is not None or kind.value_type == "group":
        added = [] if value is None else [value]
        removed = [] if old is None else [old]
    elif kind.value_type == "period":
        added, removed = value, old
    else:
        added, removed = wire_value(pcf, value), wire_value(pcf, old)
        if kind.value_type == "text":
            added, removed = value, old
    type_name = (
        "TextCustomFieldActivityItem" if kind.value_type == "text" else ("CustomFieldActivityItem")
    )
    record(
        store,
        type_name,
        "CustomFieldCategory",
        author,
        issue,
        issue,
        added=added,
        removed=removed,
        field=field,
        timestamp=stamp,
    )
    return True


def delete_issue(store: Store, issue: Issue) -> None:
    """Remove an issue and everything attached to it."""
    del store.issues[issue.id]
    store.issues_by_readable.pop(issue.id_readable.upper(), None)
    for tag in issue.tags:
        tag.issues.pop(issue, None)
    for (type_id, direction), others in issue.links.items():
        back = opposite(direction)
        for other in others:
            peers = other.links.get((type_id, back), [])
            if issue in peers:
                peers.remove(issue)
    for sprint in store.sprints.values():
        sprint.issues.pop(issue, None)
    for comment in issue.comments:
        store.comments.pop(comment.id, None)
    for attachment in issue.attachments:
        store.attachments.pop(attachment.id, None)
    for item in issue.work_items:
        store.work_items.pop(item.id, None)
    store.touch()


def move_issue(store: Store, author: User, issue: Issue, target: Project) -> bool:
    """Move ``issue`` to ``target``: a new number there; field values kept where the
    target has the same field with the same bundle, else its defaults. Records a
    ``ProjectActivityItem`` (``removed``/``added``: the old and new ``IssueKey``). The old
    readable id still finds the issue, as in YouTrack. False when already there."""
    if target is issue.project:
        return False
    old_fields = {pcf.field.id: pcf for pcf in issue.project.fields}
    values: dict[str, Any] = {}
    for pcf in target.fields:
        old = old_fields.get(pcf.field.id)
        value = issue.values.get(old.id) if old is not None else None
        if old is not None and old.bundle is pcf.bundle and value is not None:
            values[pcf.id] = value
        elif pcf.default_values:
            values[pcf.id] = list(pcf.default_values) if pcf.kind.multi else pcf.default_values[0]
    removed = IssueKey(issue.project, issue.number)
    issue.project = target
    issue.number = target.next_number
    target.next_number += 1
    issue.values = values
    stamp = store.now()
    record(
        store,
        "ProjectActivityItem",
        "ProjectCategory",
        author,
        issue,
        issue,
        added=IssueKey(target, issue.number),
        removed=removed,
        field=FilterField("project", "project"),
        timestamp=stamp,
    )
    store.issues_by_readable[issue.id_readable.upper()] = issue
    touch_issue(store, issue, author, stamp)
    return True

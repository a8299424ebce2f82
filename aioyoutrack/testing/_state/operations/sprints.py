"""Putting issues on sprints and taking them off."""

from __future__ import annotations

from ..agiles import Sprint
from ..history import record_joined
from ..issues import (
    Issue,
)
from ..store import Store
from ..users import User


def add_to_sprint(store: Store, author: User, sprint: Sprint, issue: Issue) -> None:
    """Put an issue on a sprint (no-op if there already)."""
    if issue in sprint.issues:
        return
    sprint.issues[issue] = None
    record_joined(store, "sprints", author, issue, sprint)


def remove_from_sprint(store: Store, author: User, sprint: Sprint, issue: Issue) -> None:
    """Take an issue off a sprint (no-op if not there)."""
    if issue not in sprint.issues:
        return
    del sprint.issues[issue]
    record_joined(store, "sprints", author, issue, sprint, left=True)

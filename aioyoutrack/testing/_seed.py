"""Seed data: ``"demo"`` (deterministic sample data), ``None`` and ``"bulk:N"``.

Demo (every run identical, tokens included; timestamps from 2024-01-01 UTC):

- users: ``root`` (admin, "John Smith"), ``jane.doe``, ``john.doe``, ``alice.miller``,
  ``bob.kowalski``, ``carol.white``, ``dave.brown``, ``erin.scott``, ``frank.lee``,
  ``grace.hall``; groups Developers, QA, Managers;
- ``SP`` Sample Project (0-0; Priority, Type, State, Assignee, Subsystem,
  Fix versions, Affected versions, Fixed in build, Estimation, Due Date,
  Requester email, Release notes), ``DEMO`` Demo Project (0-1; Priority, Type, State,
  Assignee, Reviewers, Team, Labels, Story points, Complexity, Reviewed at,
  Target version, Spent time), ``MOB`` Mobile App (0-2; Priority, Type, State,
  Assignee, Platforms, Builds, Notify groups, Estimation, Due Date) - every field kind;
- 300 issues (SP 150, DEMO 90, MOB 60) with comments, tags, links, work items,
  attachments; board "Main Board" with three sprints; three saved queries; articles.
"""

from __future__ import annotations

import os
import pickle
import random
from typing import Any, Final

from ..errors import ConfigurationError
from ._state import builders as _builders
from ._state import schema as _schema
from ._state.agiles import Sprint
from ._state.custom_fields import ProjectCustomField
from ._state.issues import Issue
from ._state.operations.attachments import add_attachment
from ._state.operations.comments import add_comment
from ._state.operations.issues import create_issue, update_issue
from ._state.operations.links import link_issues
from ._state.operations.sprints import add_to_sprint
from ._state.operations.tags import tag_issue
from ._state.operations.work_items import add_work_item
from ._state.projects import Project
from ._state.schema import FieldSpec
from ._state.store import Store
from ._state.users import User
from ._wire.field_values import parse_plain
from ._wire.refs import visibility

__all__ = ["DEMO_USERS", "build_seed", "make_store"]

_START: Final = 1_704_067_200_000  # 2024-01-01T00:00:00Z
_STEP: Final = 7 * 60_000
_DAY: Final = 86_400_000

#: (login, full name) of the demo users after root.
DEMO_USERS: Final = (
    ("jane.doe", "Jane Doe"),
    ("john.doe", "John Doe"),
    ("alice.miller", "Alice Miller"),
    ("bob.kowalski", "Bob Kowalski"),
    ("carol.white", "Carol White"),
    ("dave.brown", "Dave Brown"),
    ("erin.scott", "Erin Scott"),
    ("frank.lee", "Frank Lee"),
    ("grace.hall", "Grace Hall"),
)

_VERBS: Final = (
    "Crash",
    "Error",
    "Slow response",
    "Wrong layout",
    "Missing translation",
    "Timeout",
    "Memory leak",
    "Broken link",
    "Validation fails",
    "Data loss",
)
_PLACES: Final = (
    "on login",
    "in settings",
    "when exporting CSV",
    "on the dashboard",
    "after upgrade",
    "in the REST API",
    "with large attachments",
    "when offline",
    "in search results",
    "on first start",
)
_DETAILS: Final = (
    "Steps: open the page and wait.",
    "Happens every time.",
    "Only on slow networks.",
    "Reported by a customer.",
    "Regression since the last release.",
    "Seen in the logs as well.",
)


_CACHE: dict[str, bytes] = {}


def make_store(seed: str | None, *, issues: int | None = None) -> Store:
    """A new store holding the basics (guest, root, link types) and ``seed``'s data.

    The default demo is built once per process and copied (unpickled) afterwards:
    tests start many fakes, and a copy costs a fraction of a build.
    """
    cacheable = seed == "demo" and issues is None
    if cacheable and "demo" in _CACHE:
        store: Store = pickle.loads(_CACHE["demo"])
        store.secret = os.urandom(16)  # signatures stay unique per fake
        return store
    store = Store(salt=f"aioyoutrack-fake:{seed}")
    _schema.ensure_basics(store)
    build_seed(store, seed, issues=issues)
    if cacheable:
        _CACHE["demo"] = pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL)
    return store


def _bulk_count(seed: str) -> int:
    """N of ``"bulk:N"`` (1000 for ``"bulk"``)."""
    count = seed.partition(":")[2].strip()
    if not count:
        return 1000
    if not (count.isascii() and count.isdigit()):  # not "-1", nor "²" (a digit to str)
        raise ConfigurationError(f"seed {seed!r}: N of 'bulk:N' must be a whole number >= 0")
    if len(count.lstrip("0")) > 9:  # int() refuses thousands of digits; the memory would anyway
        raise ConfigurationError(
            f"seed 'bulk:{count[:12]}...': N is far more issues than fit in memory"
        )
    return int(count)


def build_seed(store: Store, seed: str | None, *, issues: int | None = None) -> None:
    """Fill ``store`` (which already holds root and the basics) from ``seed``."""
    if seed is None:
        return
    if not isinstance(seed, str):
        raise ConfigurationError(
            f"seed must be 'demo', 'bulk:N' or None, got {type(seed).__name__}"
        )
    store.freeze_clock(_START, _STEP)
    try:
        if seed == "demo":
            _demo(store, 300 if issues is None else issues)
        elif seed.startswith("bulk:") or seed == "bulk":
            _bulk(store, issues if issues is not None else _bulk_count(seed))
        else:
            raise ConfigurationError(
                f"unknown seed {seed!r}: use 'demo', None (on the command line: none) or 'bulk:N'"
            )
    finally:
        store.unfreeze_clock()


def _demo(store: Store, total: int) -> None:
    root = store.users_by_login["root"]
    users = [root] + [
        _schema.add_user(store, login, full_name=name, email=f"{login}@example.com")
        for login, name in DEMO_USERS
    ]
    by_login = {u.login: u for u in users}
    team = [
        by_login[x] for x in ("jane.doe", "john.doe", "alice.miller", "bob.kowalski", "carol.white")
    ]
    _schema.add_group(store, "Developers", team)
    _schema.add_group(store, "QA", [by_login["dave.brown"], by_login["erin.scott"]])
    _schema.add_group(store, "Managers", [root, by_login["frank.lee"], by_login["grace.hall"]])

    sp = _project(
        store,
        "SP",
        "Sample Project",
        root,
        [
            "Priority",
            "Type",
            "State",
            "Assignee",
            "Subsystem",
            "Fix versions",
            "Affected versions",
            "Fixed in build",
            "Estimation",
            "Due Date",
            FieldSpec("Requester email", "string"),
            FieldSpec("Release notes", "text"),
        ],
        users[1:8],
    )
    demo = _project(
        store,
        "DEMO",
        "Demo Project",
        by_login["jane.doe"],
        [
            "Priority",
            "Type",
            "State",
            "Assignee",
            FieldSpec("Reviewers", "user[*]"),
            FieldSpec("Team", "group[1]"),
            FieldSpec(
                "Labels",
                "enum[*]",
                ("backend", "ui", "regression", "customer", "performance", "security"),
            ),
            FieldSpec("Story points", "integer"),
            FieldSpec("Complexity", "float"),
            FieldSpec("Reviewed at", "date and time"),
            FieldSpec("Target version", "version[1]", ("2024.1", "2024.2", "2024.3")),
            "Spent time",
        ],
        [by_login[x] for x in ("john.doe", "alice.miller", "frank.lee", "grace.hall")],
    )
    mob = _project(
        store,
        "MOB",
        "Mobile App",
        by_login["john.doe"],
        [
            "Priority",
            "Type",
            "State",
            "Assignee",
            FieldSpec("Platforms", "ownedField[*]", ("Android", "iOS", "Wear OS")),
            FieldSpec("Builds", "build[*]", ("5001", "5002", "5003", "5004")),
            FieldSpec("Notify groups", "group[*]"),
            "Estimation",
            "Due Date",
        ],
        [
            by_login[x]
            for x in ("bob.kowalski", "carol.white", "dave.brown", "erin.scott", "frank.lee")
        ],
    )
    platforms = mob.custom_field("Platforms")
    assert platforms is not None
    assert platforms.bundle is not None
    for element, owner in zip(
        platforms.bundle.values, ("bob.kowalski", "carol.white", "dave.brown"), strict=True
    ):
        element.owner = by_login[owner]

    rng = random.Random("aioyoutrack-demo")
    tags = [
        _builders.add_tag(store, "Star", root),
        _builders.add_tag(store, "To deploy", root),
        _builders.add_tag(store, "regression", by_login["jane.doe"]),
        _builders.add_tag(store, "customer-request", by_login["john.doe"]),
        _builders.add_tag(store, "later", by_login["alice.miller"], untag_on_resolve=True),
    ]
    made: dict[str, list[Issue]] = {"SP": [], "DEMO": [], "MOB": []}
    for index in range(total):
        slot = index % 10
        project = sp if slot < 5 else demo if slot < 8 else mob
        issue = _demo_issue(store, rng, project, index)
        made[project.short_name].append(issue)
        _comments_tags_work_files(store, rng, issue, tags, index)
    _links(store, rng, root, made)
    _boards(store, root, sp, mob, made)
    _articles(store, by_login, sp, demo)


def _project(
    store: Store,
    short_name: str,
    name: str,
    leader: User,
    fields: list[FieldSpec | str],
    members: list[User],
) -> Project:
    project = _schema.add_project(
        store, short_name, name, leader=leader, description=f"{name} (demo data)"
    )
    project.team.members.update(dict.fromkeys(members))
    for spec in fields:
        _schema.attach_spec(store, project, spec)
    return project


def _demo_issue(store: Store, rng: random.Random, project: Project, index: int) -> Issue:
    members = list(project.team.members)
    reporter = rng.choice(members)
    summary = f"{rng.choice(_VERBS)} {rng.choice(_PLACES)}"
    description = rng.choice(_DETAILS) if rng.random() < 0.8 else None
    plain: dict[str, Any] = {
        "Priority": rng.choices(
            ("Show-stopper", "Critical", "Major", "Normal", "Minor"), (1, 3, 6, 12, 4)
        )[0],
        "Type": rng.choice(
            (
                "Bug",
                "Bug",
                "Feature",
                "Task",
                "Usability Problem",
                "Performance Problem",
                "Cosmetics",
            )
        ),
        "State": rng.choice(
            (
                "Submitted",
                "Open",
                "Open",
                "In Progress",
                "To be discussed",
                "Fixed",
                "Fixed",
                "Verified",
                "Won't fix",
                "Duplicate",
            )
        ),
        "Assignee": rng.choice(members).login if rng.random() < 0.8 else None,
    }
    bundles = {pcf.field.name: pcf for pcf in project.fields}

    def names(field: str) -> list[str]:
        bundle = bundles[field].bundle
        return [e.name for e in bundle.values] if bundle is not None else []

    created = _START + index * 3 * 3_600_000
    chance = rng.random
    if project.short_name == "SP":
        plain["Subsystem"] = rng.choice(names("Subsystem")) if chance() < 0.7 else None
        plain["Fix versions"] = rng.sample(names("Fix versions"), rng.randint(0, 2))
        plain["Affected versions"] = rng.sample(names("Affected versions"), rng.randint(0, 1))
        fixed = plain["State"] in ("Fixed", "Verified")
        plain["Fixed in build"] = rng.choice(names("Fixed in build")) if fixed else None
        plain["Estimation"] = (
            rng.choice((30, 60, 120, 240, 480, 960, 2400)) if chance() < 0.5 else None
        )
        plain["Due Date"] = created + rng.randint(3, 40) * _DAY if chance() < 0.3 else None
        plain["Requester email"] = f"customer{index}@example.com" if chance() < 0.3 else None
        plain["Release notes"] = f"Fixed: {summary.lower()}." if fixed and chance() < 0.5 else None
    elif project.short_name == "DEMO":
        plain["Reviewers"] = [u.login for u in rng.sample(members, rng.randint(0, 2))]
        plain["Team"] = rng.choice(("Developers", "QA", None))
        plain["Labels"] = rng.sample(names("Labels"), rng.randint(0, 3))
        plain["Story points"] = rng.choice((1, 2, 3, 5, 8, 13, None))
        plain["Complexity"] = round(rng.uniform(0.5, 5.0), 1) if chance() < 0.6 else None
        plain["Reviewed at"] = created + rng.randint(1, 200) * 3_600_000 if chance() < 0.4 else None
        plain["Target version"] = rng.choice([*names("Target version"), None])
        plain["Spent time"] = rng.choice((15, 45, 90, 300, None))
    else:
        plain["Platforms"] = rng.sample(names("Platforms"), rng.randint(1, 2))
        plain["Builds"] = rng.sample(names("Builds"), rng.randint(0, 2))
        plain["Notify groups"] = rng.sample(["Developers", "QA", "Managers"], rng.randint(0, 2))
        plain["Estimation"] = rng.choice((60, 240, 480, None))
        plain["Due Date"] = created + rng.randint(3, 40) * _DAY if chance() < 0.3 else None
    values = {}
    for name, value in plain.items():
        pcf = bundles[name]
        values[pcf.id] = parse_plain(store, pcf, value)
    # State and assignee start as a new issue's and change afterwards, so the demo has
    # custom-field history (activities with authors and timestamps).
    state, assignee = bundles["State"], bundles["Assignee"]
    final = {state.id: values[state.id], assignee.id: values.pop(assignee.id)}
    values[state.id] = parse_plain(store, state, _NEW_STATE)
    issue = create_issue(store, reporter, project, summary, description, values)
    _history(store, issue, state, final, random.Random(f"aioyoutrack-demo-history-{index}"))
    # Never before its own history: updated/updater stay those of the last change.
    issue.updated = max(issue.updated, issue.created + rng.randint(0, 10) * _DAY // 4)
    return issue


#: The state a demo issue is created in, before its history moves it on.
_NEW_STATE: Final = "Submitted"


def _history(
    store: Store,
    issue: Issue,
    state: ProjectCustomField,
    final: dict[str, Any],
    rng: random.Random,
) -> None:
    """Assign the issue and walk its state to ``final`` (Submitted, Open, then the
    final state), each change by a team member; ``rng`` is the issue's own, so the
    demo's other data stays as it was."""
    members = list(issue.project.team.members)
    assignee = next(pcf_id for pcf_id in final if pcf_id != state.id)
    if final[assignee] is not None:
        update_issue(store, rng.choice(members), issue, values={assignee: final[assignee]})
    steps = [parse_plain(store, state, "Open"), final[state.id]]
    if final[state.id].name == _NEW_STATE:
        steps = []
    for value in dict.fromkeys(steps):
        author = final[assignee] or rng.choice(members)
        update_issue(store, author, issue, values={state.id: value})


def _comments_tags_work_files(
    store: Store, rng: random.Random, issue: Issue, tags: list[Any], index: int
) -> None:
    members = list(issue.project.team.members)
    for number in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
        author = rng.choice(members)
        seen = None
        if number == 1 and index % 7 == 0:
            seen = visibility(
                store, {"$type": "LimitedVisibility", "permittedGroups": [{"name": "Developers"}]}
            )
        text = rng.choice(
            (
                "Confirmed on my machine.",
                "Cannot reproduce, please add logs.",
                "Working on it.",
                "Fixed in the next build.",
                "See the attached log.",
            )
        )
        if seen is None:
            add_comment(store, author, issue, text)
        else:
            add_comment(store, author, issue, text, seen)
    if rng.random() < 0.2:
        for tag in rng.sample(tags, rng.randint(1, 2)):
            tag_issue(store, tag.owner, issue, tag)
    if rng.random() < 0.2:
        for _ in range(rng.randint(1, 3)):
            item_type = rng.choice([None, *store.work_item_types.values()])
            add_work_item(
                store,
                rng.choice(members),
                issue,
                rng.choice((15, 30, 60, 90, 240)),
                date=issue.created // _DAY * _DAY,
                text=rng.choice(("Investigation", "Fix", None)),
                item_type=item_type,
            )
    if index % 15 == 0:
        name, mime, data = (
            ("log.txt", "text/plain", f"log of {issue.id_readable}\n".encode() * 8)
            if index % 2 == 0
            else ("screenshot.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
        )
        add_attachment(store, issue.reporter, issue, name, data, mime)


def _links(store: Store, rng: random.Random, author: User, made: dict[str, list[Issue]]) -> None:
    types = list(store.link_types.values())
    for issues in made.values():
        if len(issues) < 4:
            continue
        for _ in range(len(issues) // 6):
            source, target = rng.sample(issues, 2)
            link_type = rng.choice(types)
            direction = link_type.outward
            if link_type.aggregation and (
                target.links.get((link_type.id, "INWARD")) or source is target
            ):
                continue
            link_issues(store, author, source, link_type, direction, target)


def _boards(
    store: Store, root: User, sp: Project, mob: Project, made: dict[str, list[Issue]]
) -> None:
    agile = _builders.add_agile(store, "Main Board", root, [sp, mob])
    candidates = made["SP"][:30] + made["MOB"][:15]
    sprints: list[Sprint] = []
    for number in range(1, 4):
        start = _START + (number - 1) * 14 * _DAY
        sprints.append(
            _builders.add_sprint(
                store,
                agile,
                f"Sprint {number}",
                goal=f"Goal of sprint {number}",
                start=start,
                # The last millisecond of its last day, one before the next sprint
                # starts, as in real recordings (moneymeets-youtrack-sdk sprint.json).
                finish=start + 14 * _DAY - 1,
                archived=number == 1,
            )
        )
    for index, issue in enumerate(candidates):
        add_to_sprint(store, root, sprints[index % 3], issue)
    _builders.add_saved_query(store, "Open bugs in SP", "project: SP Type: Bug #Unresolved", root)
    _builders.add_saved_query(store, "Assigned to me", "for: me #Unresolved", root)
    _builders.add_saved_query(
        store, "Critical", "Priority: Critical, Show-stopper sort by: created desc", root
    )


def _articles(store: Store, by_login: dict[str, User], sp: Project, demo: Project) -> None:
    guide = _builders.add_article(
        store, sp, "Getting started", "How to report a good bug.", by_login["root"]
    )
    _builders.add_article(
        store,
        sp,
        "Release process",
        "Branch, test, tag, ship.",
        by_login["jane.doe"],
        parent=guide,
    )
    _builders.add_article(
        store, demo, "Team conventions", "Labels and reviews.", by_login["jane.doe"]
    )
    _builders.add_article_comment(store, guide, "Very helpful, thanks!", by_login["john.doe"])
    _builders.add_article_comment(store, guide, "Added a section on logs.", by_login["root"])


def _bulk(store: Store, count: int) -> None:
    root = store.users_by_login["root"]
    users = [root] + [
        _schema.add_user(store, login, full_name=name, email=f"{login}@example.com")
        for login, name in DEMO_USERS[:3]
    ]
    project = _schema.add_project(store, "BULK", "Bulk Project", leader=root)
    project.team.members.update(dict.fromkeys(users))
    for spec in ("Priority", "Type", "State", "Assignee"):
        _schema.attach_spec(store, project, spec)
    priority, kind, state, assignee = project.fields
    assert priority.bundle
    assert kind.bundle
    assert state.bundle
    priorities = priority.bundle.values
    kinds = kind.bundle.values
    states = state.bundle.values
    for index in range(count):
        values = {
            priority.id: priorities[index % len(priorities)],
            kind.id: kinds[index % len(kinds)],
            state.id: states[index % len(states)],
            assignee.id: users[index % len(users)],
        }
        create_issue(
            store,
            users[index % len(users)],
            project,
            f"Bulk issue {index + 1}: {_VERBS[index % 10]} {_PLACES[(index // 10) % 10]}",
            _DETAILS[index % len(_DETAILS)],
            values,
        )

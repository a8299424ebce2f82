"""Seed data and FakeYouTrack's setup helpers."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import warnings
from collections.abc import Coroutine
from typing import Any

import pytest

from aioyoutrack import ActivityCategoryId, ConfigurationError, YouTrack
from aioyoutrack.testing import FakeYouTrack, FieldSpec
from aioyoutrack.testing._state.custom_fields import FieldCondition

from .field_kinds import EVERY_FIELD_KIND


def _snapshot(fake: FakeYouTrack) -> list[Any]:
    return [
        (
            i.id,
            i.id_readable,
            i.summary,
            i.created,
            i.resolved,
            {k: repr(fake_value(v)) for k, v in i.values.items()},
        )
        for i in fake.store.issues.values()
    ]


def fake_value(value: Any) -> Any:
    if isinstance(value, list):
        return [fake_value(v) for v in value]
    return getattr(value, "id", value)


def test_demo_is_deterministic_and_copies_are_independent() -> None:
    first, second = FakeYouTrack(), FakeYouTrack()
    assert _snapshot(first) == _snapshot(second)
    assert first.token == second.token
    assert first.token_for("jane.doe") == second.token_for("jane.doe")
    first.update_issue("SP-1", Priority="Minor")
    second.update_issue("SP-1", Priority="Critical")
    assert first.issue("SP-1").value_of("Priority") == "Minor"
    assert second.issue("SP-1").value_of("Priority") == "Critical"
    assert first.store.secret != second.store.secret


def test_demo_contents() -> None:
    fake = FakeYouTrack()
    store = fake.store
    assert [p.short_name for p in store.projects.values()] == ["SP", "DEMO", "MOB"]
    assert [p.id for p in store.projects.values()] == ["0-0", "0-1", "0-2"]
    logins = [u.login for u in store.users.values() if not u.guest]
    assert len(logins) == 10
    assert logins[:3] == ["root", "jane.doe", "john.doe"]
    assert fake.user("root").admin
    assert not fake.user("jane.doe").admin
    assert len(store.issues) == 300
    per_project = {
        p: sum(1 for i in store.issues.values() if i.project.short_name == p)
        for p in ("SP", "DEMO", "MOB")
    }
    assert per_project == {"SP": 150, "DEMO": 90, "MOB": 60}
    assert len(store.comments) > 100
    assert any(c.visibility.limited for c in store.comments.values())
    assert len(store.tags) == 5
    assert sum(1 for i in store.issues.values() if i.tags) > 20
    assert sum(1 for i in store.issues.values() if any(i.links.values())) > 20
    assert len(store.work_items) > 50
    assert len(store.attachments) == 20
    sprints = list(store.sprints.values())
    assert [s.name for s in sprints] == ["Sprint 1", "Sprint 2", "Sprint 3"]
    # A sprint ends at the last millisecond of its last day, one before the next starts
    # (the real recordings: moneymeets-youtrack-sdk sprint.json, sprints.json).
    assert [s.finish + 1 for s in sprints[:-1]] == [s.start for s in sprints[1:]]
    assert all((s.finish + 1) % 86_400_000 == 0 for s in sprints)
    assert len(store.saved_queries) == 3
    assert len(store.articles) == 3
    resolved = sum(1 for i in store.issues.values() if i.resolved is not None)
    assert 60 < resolved < 200
    assert all(i.created < 1_800_000_000_000 for i in store.issues.values())


def test_every_field_kind_is_filled_somewhere() -> None:
    fake = FakeYouTrack()
    filled: set[str] = set()
    for issue in fake.store.issues.values():
        for pcf in issue.project.fields:
            if issue.values.get(pcf.id) not in (None, []):
                filled.add(pcf.field.kind.type_id)
    assert filled == EVERY_FIELD_KIND


def test_no_seed_has_only_root() -> None:
    fake = FakeYouTrack(seed=None)
    assert [u.login for u in fake.store.users.values()] == ["guest", "root"]
    assert not fake.store.projects
    assert not fake.store.issues


def test_bulk_seed_and_issue_count() -> None:
    bulk = FakeYouTrack(seed="bulk:500")
    assert len(bulk.store.issues) == 500
    assert bulk.issue("BULK-500").value_of("State") is not None
    assert len(FakeYouTrack(issues=40).store.issues) == 40
    assert len(FakeYouTrack(seed="bulk", issues=7).store.issues) == 7


def test_unknown_seed_is_rejected() -> None:
    with pytest.raises(ConfigurationError, match="seed"):
        FakeYouTrack(seed="galaxy")
    with pytest.raises(ConfigurationError, match="seed must be 'demo', 'bulk:N' or None, got int"):
        FakeYouTrack(seed=5)  # type: ignore[arg-type]


def test_url_needs_a_started_fake() -> None:
    with pytest.raises(RuntimeError):
        _ = FakeYouTrack(seed=None).url


async def test_start_and_close_are_idempotent() -> None:
    fake = FakeYouTrack(seed=None)
    await fake.start()
    await fake.start()
    assert fake.url.startswith("http://127.0.0.1:")
    await fake.close()
    await fake.close()


async def test_close_while_a_connection_is_being_accepted_closes_it() -> None:
    # A selector loop accepts a connection at once but makes its transport one loop
    # step later, in a task of its own. close() begins in between here, as it does
    # when a client that had many requests in flight gave up just before the fake
    # closed: the transport must still be made and closed, not left to the garbage
    # collector with its socket open (asyncio asserts the server is open then).
    fake = FakeYouTrack(seed=None)
    await fake.start()
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []
    accepted = asyncio.Event()

    def task_factory(
        loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **kwargs: Any
    ) -> asyncio.Task[Any]:
        if not closing and getattr(coro, "__qualname__", "").endswith("_accept_connection2"):
            closing.append(asyncio.Task(fake.close(), loop=loop))  # runs first
            accepted.set()
        return asyncio.Task(coro, loop=loop, **kwargs)

    previous = loop.get_task_factory()
    loop.set_task_factory(task_factory)  # type: ignore[arg-type]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            reader, writer = await asyncio.open_connection(fake.host, fake.port)
            await asyncio.wait_for(accepted.wait(), 60)  # bounds a hang, never reached
            await closing[0]
            gc.collect()  # a transport left unclosed warns here, and its socket closes
            assert await asyncio.wait_for(reader.read(), 60) == b""
            writer.close()
            await writer.wait_closed()
    finally:
        loop.set_task_factory(previous)
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


def test_setup_helpers() -> None:
    fake = FakeYouTrack(seed=None)
    token = fake.add_user("kim", name="Kim", email="kim@example.com", projects=())
    assert fake.user("kim").token == token
    with pytest.raises(ConfigurationError, match="exists"):
        fake.add_user("KIM")
    project = fake.add_project(
        "OPS",
        "Operations",
        fields=[
            "Priority",
            "State",
            "Assignee",
            "Estimation",
            FieldSpec("Rank", "integer"),
            FieldSpec("Kind", "enum[*]", ("a", "b"), default=("a",)),
        ],
    )
    assert [f.name for f in project.fields] == [
        "Priority",
        "State",
        "Assignee",
        "Estimation",
        "Rank",
        "Kind",
    ]
    fake.add_user("lee", projects=["OPS"])
    issue = fake.add_issue(
        "OPS",
        "Outage",
        fields={"Assignee": "lee", "Estimation": dt.timedelta(hours=3), "Rank": "5"},
        tags=["pager"],
        created=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc),
    )
    assert issue.value_of("Assignee") == "lee"
    assert issue.value_of("Estimation") == 180
    assert issue.value_of("Rank") == 5
    assert issue.value_of("Kind") == ["a"]
    assert issue.value_of("State") == "Submitted"
    assert issue.created == 1_706_745_600_000
    assert fake.tag("pager") in issue.tags
    with pytest.raises(ValueError, match="kim"):
        fake.add_issue("OPS", "x", fields={"Assignee": "kim"})  # not on the team
    with pytest.raises(KeyError):
        fake.add_issue("OPS", "x", fields={"Nope": 1})
    with pytest.raises(ConfigurationError, match="unknown field"):
        fake.add_project("X", "X", fields=["Mystery"])
    item = fake.add_work_item(issue.id_readable, "1h 15m", type="Testing", text="t")
    assert item.minutes == 75
    assert item.type is not None
    assert item.type.name == "Testing"
    board = fake.add_agile("Ops board", ["OPS"])
    sprint = fake.add_sprint(board, "S1", issues=[issue.id_readable])
    assert issue in sprint.issues
    assert fake.add_saved_query("mine", "for: me").query == "for: me"
    assert fake.add_article("OPS", "Runbook", "Steps").number == 1
    fake.link(issue.id_readable, "is required for", fake.add_issue("OPS", "y").id_readable)
    with pytest.raises(KeyError):
        fake.link(issue.id_readable, "loves", "OPS-2")
    group = fake.add_group("Oncall", ["kim", "lee"])
    assert len(group.members) == 2


def test_update_issue_helper_takes_a_mapping_and_keywords() -> None:
    fake = FakeYouTrack()
    fake.update_issue("SP-1", {"Fix versions": ["1.1"]}, Priority="Critical")
    assert fake.issue("SP-1").value_of("Fix versions") == ["1.1"]
    assert fake.issue("SP-1").value_of("Priority") == "Critical"
    with pytest.raises(KeyError):
        fake.update_issue("SP-1", Colour="red")
    # What the fake refuses of a set-up call is the ConfigurationError its other set-up
    # mistakes raise (a ValueError too), with the message a request would get.
    with pytest.raises(ConfigurationError, match="Field State is required"):
        fake.update_issue("SP-1", State=None)
    with pytest.raises(ConfigurationError, match="Unknown value 'Nope' for field Priority"):
        fake.update_issue("SP-1", Priority="Nope")
    with pytest.raises(ConfigurationError, match="Unknown value 'Nope' for field Priority"):
        fake.add_issue("SP", "x", fields={"Priority": "Nope"})
    email, kind = (
        fake.project("SP").custom_field("Requester email"),
        fake.project("SP").custom_field("Type"),
    )
    assert email is not None
    assert kind is not None
    assert kind.bundle is not None
    task = kind.bundle.element("Task")
    assert task is not None
    email.condition = FieldCondition("93-9", email, kind, [task])
    with pytest.raises(ConfigurationError, match="only update the value for the Requester email"):
        fake.add_issue("SP", "x", fields={"Type": "Bug", "Requester email": "a@b.c"})
    assert fake.add_issue("SP", "x", fields={"Type": "Task", "Requester email": "a@b.c"})


async def test_the_demo_has_history_the_tour_snippet_shows(
    fake: FakeYouTrack, yt: YouTrack
) -> None:
    # The API tour's activity snippet (docs/guides/tour.md), on the demo data.
    history = await yt.issues.activities(
        "SP-8", [ActivityCategoryId.COMMENTS, "CustomFieldCategory"]
    )
    assert history
    pager = yt.activities.page(ActivityCategoryId.CUSTOM_FIELD, issue_query="project: SP")
    items = [item async for item in pager]
    assert items
    assert all(item.author is not None and item.author.login for item in items)
    assert all(item.timestamp is not None for item in items)
    # Comments, custom fields, tags and links all have activity, each with an author
    # and a timestamp inside the demo's time line.
    categories = {a.category.id for a in fake.store.activities}
    assert {
        "CommentsCategory",
        "CustomFieldCategory",
        "TagsCategory",
        "LinksCategory",
    } <= categories
    assert all(a.author is not None and a.timestamp > 0 for a in fake.store.activities)


async def test_a_demo_issue_was_moved_to_its_state(fake: FakeYouTrack) -> None:
    moved = [
        i for i in fake.store.issues.values() if i.value_of("State") not in ("Submitted", None)
    ]
    assert moved
    for issue in moved[:20]:
        changes = [
            a
            for a in issue.history
            if a.category.id == "CustomFieldCategory" and a.field and a.field.name == "State"
        ]
        assert [a.added[0].name for a in changes][-1] == issue.value_of("State")
        assert changes[0].removed[0].name == "Submitted"
        assert all(a.timestamp >= issue.created for a in changes)


async def test_the_demo_issues_were_updated_no_earlier_than_their_history(
    fake: FakeYouTrack,
) -> None:
    # updated/updater move with every change the fake makes to an issue's fields; the
    # seed's history must agree, or a test asserting "updated >= last change" fails here
    # and passes against a real server.
    late = []
    for issue in fake.store.issues.values():
        changes = [a for a in issue.history if a.category.id == "CustomFieldCategory"]
        if changes and max(a.timestamp for a in changes) > issue.updated:
            late.append(issue.id_readable)
    assert late == []

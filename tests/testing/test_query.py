"""The query language subset of ``GET /api/issues?query=``."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack


@pytest.fixture
async def small(api: Any, fake: FakeYouTrack) -> Any:
    """A project with a handful of known issues."""
    fake.add_user("kim", projects=["SP"])
    fake.add_project(
        "QQ",
        "Query Queue",
        fields=["Priority", "Type", "State", "Assignee", "Due Date", "Estimation"],
    )
    fake.project("QQ").team.members[fake.user("jane.doe")] = None
    fake.add_issue(
        "QQ",
        "Alpha crash",
        description="Stack trace inside",
        fields={
            "Priority": "Critical",
            "State": "Open",
            "Assignee": "jane.doe",
            "Due Date": "2024-03-01",
            "Estimation": "2h",
        },
        tags=["hot"],
    )
    fake.add_issue(
        "QQ", "Beta layout", fields={"Priority": "Minor", "State": "Fixed"}, reporter="jane.doe"
    )
    fake.add_issue("QQ", "Gamma crash later", fields={"Priority": "Major", "State": "In Progress"})
    fake.add_attachment("QQ-3", "a.txt", b"abc")
    fake.add_comment("QQ-2", "comment")
    return api


async def _ids(api: Any, query: str) -> list[str]:
    reply = await api.get("api/issues", query=query, fields="idReadable", **{"$top": "-1"})
    assert reply.status == 200, reply.body
    return [i["idReadable"] for i in reply.body]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("project: QQ", ["QQ-1", "QQ-2", "QQ-3"]),
        ("in: {Query Queue}", ["QQ-1", "QQ-2", "QQ-3"]),
        ("in:QQ #Unresolved", ["QQ-1", "QQ-3"]),
        ("in:QQ #Resolved", ["QQ-2"]),
        ("in: QQ for: jane.doe", ["QQ-1"]),
        ("in: QQ Assignee: Unassigned", ["QQ-2", "QQ-3"]),
        ("in: QQ Priority: Critical, Major", ["QQ-1", "QQ-3"]),
        ("in: QQ Priority: -Minor", ["QQ-1", "QQ-3"]),
        ("in: QQ State: {In Progress}", ["QQ-3"]),
        ("in: QQ crash", ["QQ-1", "QQ-3"]),
        ("in: QQ CRASH later", ["QQ-3"]),
        ('in: QQ "crash later"', ["QQ-3"]),
        ("in: QQ stack", ["QQ-1"]),
        ("in: QQ tag: hot", ["QQ-1"]),
        ("in: QQ #hot", ["QQ-1"]),
        ("in: QQ #Critical", ["QQ-1"]),
        ("in: QQ has: attachments", ["QQ-3"]),
        ("in: QQ has: comments", ["QQ-2"]),
        ("in: QQ has: Estimation", ["QQ-1"]),
        ("in: QQ reporter: jane.doe", ["QQ-2"]),
        ("in: QQ summary: beta", ["QQ-2"]),
        ("in: QQ Due Date: 2024-03-01", ["QQ-1"]),
        ("in: QQ Estimation: 2h", ["QQ-1"]),
        ("in: QQ issue id: QQ-2", ["QQ-2"]),
        ("QQ-2", ["QQ-2"]),
        ("in: QQ sort by: summary desc", ["QQ-3", "QQ-2", "QQ-1"]),
        ("in: QQ sort by: Priority", ["QQ-1", "QQ-3", "QQ-2"]),
        ("in: QQ sort by: created desc", ["QQ-3", "QQ-2", "QQ-1"]),
        ("in: QQ and crash and #Unresolved", ["QQ-1", "QQ-3"]),
        ("in: QQ nosuchfield: x", []),
        ("project: NOPE", []),
        # or, parentheses and aliases
        ("in: QQ Priority: Minor or tag: hot", ["QQ-1", "QQ-2"]),
        ("in: QQ (Priority: Minor or tag: hot) #Unresolved", ["QQ-1"]),
        ("in: QQ and (State: Fixed or (crash later))", ["QQ-2", "QQ-3"]),
        ("in: QQ assigned to: jane.doe", ["QQ-1"]),
        ("in: QQ sort by: {assigned to}, summary desc", ["QQ-1", "QQ-3", "QQ-2"]),
        # The Search Query Grammar page's rules: one attribute given twice means either
        # value ("tag: A tag: B"), negated values in a list exclude each ("state: -open,
        # -submitted"), #login and -login, and a sort attribute of two words.
        ("in: QQ Priority: Critical Priority: Major", ["QQ-1", "QQ-3"]),
        ("in: QQ tag: hot tag: nosuchtag", ["QQ-1"]),
        ("in: QQ Priority: Critical State: Fixed", []),
        ("in: QQ Priority: Critical priority: Minor State: Open", ["QQ-1"]),
        ("in: QQ for: jane.doe Assignee: Unassigned", ["QQ-1", "QQ-2", "QQ-3"]),
        ("in: QQ State: -Open, -Fixed", ["QQ-3"]),
        ("in: QQ State: -{In Progress}", ["QQ-1", "QQ-2"]),
        ("in: QQ State: Open, -Open", []),
        ("in: QQ #jane.doe", ["QQ-1", "QQ-2"]),
        ("in: QQ -jane.doe", ["QQ-3"]),
        ("in: QQ -Critical", ["QQ-2", "QQ-3"]),
        ("in: QQ -{In Progress}", ["QQ-1", "QQ-2"]),
        ('in: QQ -"crash later"', ["QQ-1", "QQ-2"]),
        ("in: QQ sort by: issue id desc", ["QQ-3", "QQ-2", "QQ-1"]),
        ("in: QQ sort by: Priority, issue id asc", ["QQ-1", "QQ-3", "QQ-2"]),
        ("in: QQ sort by: issue id crash", ["QQ-1", "QQ-3"]),
        # "and" ends a list: the same key after it is a term of its own (review)
        ("in: QQ Priority: Critical and Priority: Major", []),
        ("in: QQ tag: hot and tag: hot", ["QQ-1"]),
        ("in: QQ -{No such value}", []),
        # What the fake cannot read whole matches nothing, not a part of it.
        ("in: QQ Priority: Critical or", []),
        ("or in: QQ", []),
        ("in: QQ } crash", []),
        ('in: QQ "crash', []),
        ("in: QQ {Priority: Critical", []),
        ("in: QQ (crash", []),
        ("in: QQ crash)", []),
        ("in: QQ ()", []),
        ("in: QQ sort by: nosuchattribute", []),
    ],
)
async def test_query(small: Any, query: str, expected: list[str]) -> None:
    assert await _ids(small, query) == expected


async def test_for_me_depends_on_the_caller(small: Any, fake: FakeYouTrack) -> None:
    jane = small.as_user(fake.token_for("jane.doe"))
    reply = await jane.get("api/issues", query="in: QQ for: me", fields="idReadable")
    assert [i["idReadable"] for i in reply.body] == ["QQ-1"]
    assert await _ids(small, "in: QQ for: me") == []


async def test_demo_sample_queries(api: Any, fake: FakeYouTrack) -> None:
    sp = await _ids(api, "project: {Sample Project}")
    assert len(sp) == 150
    assert all(i.startswith("SP-") for i in sp)
    unresolved = await _ids(api, "for: jane.doe #Unresolved")
    expected = [
        i.id_readable
        for i in fake.store.issues.values()
        if i.resolved is None and i.value_of("Assignee") == "jane.doe"
    ]
    assert unresolved == expected
    assert expected


async def test_repeated_pages_of_the_same_query_come_from_the_cache(
    api: Any, fake: FakeYouTrack
) -> None:
    first = await api.get("api/issues", query="#Unresolved", fields="id", **{"$top": "5"})
    cached = fake.store._search_cache[("#Unresolved", fake.user("root").id)][1]
    second = await api.get(
        "api/issues", query="#Unresolved", fields="id", **{"$skip": "5", "$top": "5"}
    )
    assert fake.store._search_cache[("#Unresolved", fake.user("root").id)][1] is cached
    assert [i["id"] for i in first.body + second.body] == [i.id for i in cached[:10]]
    # A change invalidates the cached result.
    await api.post("api/issues", {"project": {"id": "0-0"}, "summary": "new"})
    await api.get("api/issues", query="#Unresolved", fields="id")
    assert fake.store._search_cache[("#Unresolved", fake.user("root").id)][1] is not cached

"""yt.saved_queries: CRUD and the issues a saved query matches."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError, NotFoundError
from aioyoutrack.models import SavedQuery
from aioyoutrack.testing import FakeYouTrack


async def test_create_get_update_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.saved_queries.create("Mine", "for: me #Unresolved")
    assert isinstance(created, SavedQuery)
    assert created.query == "for: me #Unresolved"
    assert created.id is not None
    got = await yt.saved_queries.get(created.id)
    assert got.name == "Mine"
    assert "Mine" in [q.name for q in await yt.saved_queries.list()]
    updated = await yt.saved_queries.update(created.id, body={"query": "project: SP"})
    assert updated.query == "project: SP"
    await yt.saved_queries.delete(created.id)
    with pytest.raises(NotFoundError):
        await yt.saved_queries.get(created.id)


async def test_issues_of_saved_query_by_object_id_and_name(
    yt: YouTrack, fake: FakeYouTrack, log: Any
) -> None:
    query = "project: MOB"
    expected = [i.id_readable for i in fake.store.search(query, fake.user("root"))]
    assert len(expected) > 3
    saved = await yt.saved_queries.create("Mobile", query)
    assert saved.id is not None

    fake.stats.reset()
    by_object = await yt.saved_queries.issues(saved, page_size=2)
    assert [i.id_readable for i in by_object] == expected
    # The query text was known: only issue pages went out, with that query.
    assert {p for _, p in log()} == {"api/issues"}
    assert all(r.query["query"] == query for r in fake.stats.log)

    by_id = await yt.saved_queries.issues(saved.id)
    assert [i.id_readable for i in by_id] == expected
    by_name = await yt.saved_queries.issues("Mobile", limit=2)
    assert [i.id_readable for i in by_name] == expected[:2]


async def test_a_saved_query_is_read_once_when_the_first_page_is_fetched(
    yt: YouTrack, fake: FakeYouTrack, log: Any
) -> None:
    saved = await yt.saved_queries.create("Mobile", "project: MOB")
    fake.stats.reset()
    assert saved.id is not None
    pager = yt.saved_queries.issues(saved.id, page_size=2)
    assert fake.stats.requests == 0  # nothing before the first page
    issues = await pager
    assert len(issues) > 3
    sent = [p for _, p in log()]
    assert sent[0].startswith("api/savedQueries")
    # One read of the query text (by id: no name lookup), then every page carries it.
    assert sum(p.startswith("api/savedQueries") for p in sent) == 1
    pages = [r for r in fake.stats.log if r.path == "api/issues"]
    assert len(pages) >= 2
    assert all(r.query["query"] == saved.query for r in pages)


async def test_issues_of_unknown_saved_query(yt: YouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="no saved query named"):
        await yt.saved_queries.issues("No such search")
    with pytest.raises(NotFoundError):
        await yt.saved_queries.issues("81-999")
    with pytest.raises(InvalidRequestError):
        yt.saved_queries.issues(SavedQuery())
    with pytest.raises(InvalidRequestError):
        yt.saved_queries.issues("")


async def test_saved_queries_of_a_user(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_saved_query("Jane's", "for: jane.doe", owner="jane.doe")
    mine = await yt.saved_queries.of_user(fake.user("jane.doe").id)
    assert "Jane's" in [q.name for q in mine]
    assert all(q.owner is None or q.owner.login == "jane.doe" for q in mine)

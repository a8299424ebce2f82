"""Work items, agile boards and sprints, saved queries, articles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aioyoutrack.testing import FakeYouTrack

DAY = 86_400_000


async def test_work_item_crud(api: Any, fake: FakeYouTrack) -> None:
    path = "api/issues/SP-1/timeTracking/workItems"
    fields = "id,duration(minutes,presentation),date,text,type(name),author(login)"
    created = await api.post(
        path,
        {
            "duration": {"presentation": "1h 30m"},
            "date": 1_715_000_000_000,
            "text": "Fixing",
            "type": {"name": "Testing"},
            "author": {"login": "jane.doe"},
        },
        fields=fields,
    )
    body = created.body
    assert body["duration"] == {"minutes": 90, "presentation": "1h 30m", "$type": "DurationValue"}
    assert body["date"] % DAY == 0
    assert body["type"]["name"] == "Testing"
    assert body["author"]["login"] == "jane.doe"
    item = f"{path}/{body['id']}"
    edited = await api.post(item, {"duration": {"minutes": 45}}, fields="duration(minutes)")
    assert edited.body["duration"]["minutes"] == 45
    assert (await api.post(path, {"text": "no duration"})).status == 400
    assert (await api.post(path, {"duration": {"minutes": "x"}})).status == 400
    # DurationValue.minutes is an int32: longer is refused, not a crash of the fake.
    assert (await api.post(path, {"duration": {"minutes": 2**31}})).status == 400
    assert (await api.post(path, {"duration": {"presentation": "9999999w"}})).status == 400
    assert (await api.delete(item)).status == 200
    assert (await api.get(item)).status == 404


async def test_a_work_item_has_no_updated_until_it_is_edited(api: Any, fake: FakeYouTrack) -> None:
    # A real server sends "updated": null for a new item
    # (realworld-fixtures/moneymeets-youtrack-sdk/issue_work_items.json).
    path = "api/issues/SP-1/timeTracking/workItems"
    fields = "id,created,updated"
    created = (await api.post(path, {"duration": {"minutes": 5}}, fields=fields)).body
    assert isinstance(created["created"], int)
    assert created["updated"] is None
    seeded = [i for i in fake.store.work_items.values() if i.id != created["id"]]
    assert seeded
    assert all(item.updated is None for item in seeded)
    item = f"{path}/{created['id']}"
    edited = (await api.post(item, {"text": "more"}, fields=fields)).body
    assert isinstance(edited["updated"], int)
    assert edited["updated"] >= created["created"]
    # Only an edited item was updated within an interval.
    since = await api.get("api/workItems", fields="id", updatedStart="0", **{"$top": "-1"})
    assert [i["id"] for i in since.body] == [created["id"]]
    until = await api.get("api/workItems", fields="id", updatedEnd=str(2**62), **{"$top": "-1"})
    assert [i["id"] for i in until.body] == [created["id"]]


async def test_global_work_items_filters(api: Any, fake: FakeYouTrack) -> None:
    day = dt.date(2030, 1, 15)
    fake.add_work_item("SP-1", "2h", author="jane.doe", date=day, type="Development")
    fake.add_work_item("MOB-1", 30, author="bob.kowalski", date=day)
    fields = "issue(idReadable),author(login),duration(minutes)"
    by_day = await api.get(
        "api/workItems", fields=fields, startDate="2030-01-15", endDate="2030-01-15"
    )
    assert sorted(i["issue"]["idReadable"] for i in by_day.body) == ["MOB-1", "SP-1"]
    by_author = await api.get(
        "api/workItems", fields=fields, author="jane.doe", startDate="2030-01-01"
    )
    assert [i["duration"]["minutes"] for i in by_author.body] == [120]
    by_query = await api.get(
        "api/workItems", fields=fields, query="in: MOB", startDate="2030-01-01"
    )
    assert [i["author"]["login"] for i in by_query.body] == ["bob.kowalski"]
    assert (await api.get("api/workItems", startDate="15.01.2030")).status == 400
    types = await api.get("api/admin/timeTrackingSettings/workItemTypes", fields="name")
    assert {"Development", "Testing", "Documentation"} <= {t["name"] for t in types.body}


async def test_agile_and_sprints(api: Any, fake: FakeYouTrack) -> None:
    boards = await api.get(
        "api/agiles", fields="id,name,projects(shortName),sprints(name),currentSprint(name)"
    )
    board = boards.body[0]
    assert board["name"] == "Main Board"
    assert [p["shortName"] for p in board["projects"]] == ["SP", "MOB"]
    assert [s["name"] for s in board["sprints"]] == ["Sprint 1", "Sprint 2", "Sprint 3"]
    assert board["currentSprint"]["name"] == "Sprint 3"
    created = await api.post(
        f"api/agiles/{board['id']}/sprints",
        {"name": "Sprint 4", "goal": "Ship", "issues": [{"idReadable": "SP-1"}]},
        fields="id,name,goal,issues(idReadable),unresolvedIssuesCount,previousSprint(name)",
    )
    sprint = created.body
    assert sprint["issues"] == [{"idReadable": "SP-1", "$type": "Issue"}]
    assert sprint["previousSprint"]["name"] == "Sprint 3"
    on_issue = await api.get("api/issues/SP-1/sprints", fields="name")
    assert {"name": "Sprint 4", "$type": "Sprint"} in on_issue.body
    path = f"api/agiles/{board['id']}/sprints/{sprint['id']}"
    moved = await api.post(path, {"issues": [{"idReadable": "SP-2"}]}, fields="issues(idReadable)")
    assert moved.body["issues"] == [{"idReadable": "SP-2", "$type": "Issue"}]
    assert (await api.delete(path)).status == 200
    assert (await api.get(path)).status == 404
    new = await api.post("api/agiles", {"name": "B2", "projects": [{"id": "0-1"}]}, fields="id")
    assert (await api.delete(f"api/agiles/{new.body['id']}")).status == 200


async def test_saved_queries(api: Any, fake: FakeYouTrack) -> None:
    listed = await api.get("api/savedQueries", fields="name,query")
    assert {"Open bugs in SP", "Assigned to me", "Critical"} <= {q["name"] for q in listed.body}
    created = await api.post(
        "api/savedQueries", {"name": "Mobile", "query": "in: MOB"}, fields="id,owner(login)"
    )
    path = f"api/savedQueries/{created.body['id']}"
    issues = await api.get(path, fields="issues(idReadable)")
    assert len(issues.body["issues"]) == 60
    await api.post(path, {"query": "in: MOB #Resolved"})
    resolved = await api.get(path, fields="issues(id)")
    assert len(resolved.body["issues"]) < 60
    assert (await api.delete(path)).status == 200
    assert (await api.get(path)).status == 404


async def test_articles(api: Any, fake: FakeYouTrack) -> None:
    listed = await api.get(
        "api/articles", fields="idReadable,summary,parentArticle(idReadable),hasChildren"
    )
    guide = next(a for a in listed.body if a["summary"] == "Getting started")
    assert guide["idReadable"] == "SP-A-1"
    assert guide["hasChildren"] is True
    children = await api.get("api/articles/SP-A-1/childArticles", fields="summary")
    assert [c["summary"] for c in children.body] == ["Release process"]
    created = await api.post(
        "api/articles",
        {"project": {"id": "0-0"}, "summary": "FAQ", "content": "Q&A"},
        fields="id,idReadable",
    )
    assert created.body["idReadable"] == "SP-A-3"
    path = f"api/articles/{created.body['id']}"
    comment = await api.post(f"{path}/comments", {"text": "Nice"}, fields="id,text,author(login)")
    assert comment.body["author"]["login"] == "root"
    comments = await api.get(f"{path}/comments", fields="text")
    assert comments.body == [{"text": "Nice", "$type": "ArticleComment"}]
    updated = await api.post(path, {"content": "Q&A v2"}, fields="content,updatedBy(login)")
    assert updated.body["content"] == "Q&A v2"
    assert (await api.delete(path)).status == 200
    assert (await api.get(path)).status == 404
    project = await api.get("api/admin/projects/DEMO/articles", fields="summary")
    assert [a["summary"] for a in project.body] == ["Team conventions"]

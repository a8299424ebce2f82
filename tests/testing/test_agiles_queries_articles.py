"""Agile boards and sprints, saved queries, articles."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack


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


async def test_the_default_sprint_is_the_one_marked_is_default(
    api: Any, fake: FakeYouTrack
) -> None:
    # As on the recorded boards (moneymeets-youtrack-sdk agiles.json, sprints.json) no
    # sprint is a default one until one is marked; sprintsSettings.defaultSprint named
    # the current sprint while another said isDefault (review).
    agile = next(a for a in fake.store.agiles.values() if len(a.sprints) > 1)
    path = f"api/agiles/{agile.id}"
    settings = "sprintsSettings(defaultSprint(id)),sprints(id,isDefault)"
    board = (await api.get(path, fields=settings)).body
    assert board["sprintsSettings"]["defaultSprint"] is None
    assert not any(s["isDefault"] for s in board["sprints"])
    first, second = board["sprints"][0]["id"], board["sprints"][1]["id"]
    for chosen in (first, second):
        marked = await api.post(f"{path}/sprints/{chosen}", {"isDefault": True})
        assert marked.status == 200
        board = (await api.get(path, fields=settings)).body
        assert board["sprintsSettings"]["defaultSprint"]["id"] == chosen
        assert [s["id"] for s in board["sprints"] if s["isDefault"]] == [chosen]


SHARED = (
    "visibleFor(name),updateableBy(name),"
    "readSharingSettings(permittedGroups(name),permittedUsers(login)),"
    "updateSharingSettings(permittedGroups(name))"
)


@pytest.mark.parametrize("kind", ["tags", "savedQueries", "agiles"])
async def test_sharing_settings_are_kept(api: Any, fake: FakeYouTrack, kind: str) -> None:
    # visibleFor, updateableBy and the settings' permittedGroups/Users are writable in
    # the spec; they were answered 200 and dropped (review). The fake keeps and returns
    # them, though it shares nothing by them.
    entity = {
        "tags": fake.tag("Star"),
        "savedQueries": next(iter(fake.store.saved_queries.values())),
        "agiles": next(iter(fake.store.agiles.values())),
    }[kind]
    path = f"api/{kind}/{entity.id}"
    groups = [g.id for g in fake.store.groups.values()][:2]
    body = {
        "visibleFor": {"id": groups[0]},
        "updateableBy": {"id": groups[1]},
        "readSharingSettings": {"permittedUsers": [{"login": "jane.doe"}]},
        "updateSharingSettings": {"permittedGroups": [{"id": groups[1]}]},
    }
    assert (await api.post(path, body)).status == 200
    shown = (await api.get(path, fields=SHARED)).body
    names = [fake.store.groups[g].name for g in groups]
    assert shown["visibleFor"]["name"] == names[0]
    assert shown["updateableBy"]["name"] == names[1]
    assert [u["login"] for u in shown["readSharingSettings"]["permittedUsers"]] == ["jane.doe"]
    assert shown["readSharingSettings"]["permittedGroups"] == []
    assert [g["name"] for g in shown["updateSharingSettings"]["permittedGroups"]] == [names[1]]
    for bad in (
        {"visibleFor": "Developers", "name": "renamed"},
        {"readSharingSettings": [], "name": "renamed"},
        {"updateSharingSettings": {"permittedUsers": [{"login": "nobody"}]}, "name": "renamed"},
    ):
        assert (await api.post(path, bad)).status in (400, 404), bad
        assert (await api.get(path, fields=SHARED)).body == shown
    assert (await api.post(path, {"visibleFor": None})).status == 200
    assert (await api.get(path, fields="visibleFor")).body["visibleFor"] is None


async def test_an_article_moves_by_its_parent_article(api: Any, fake: FakeYouTrack) -> None:
    # parentArticle is writable in the spec; the fake ignored it, null included (review).
    fields = "parentArticle(idReadable)"
    child = "api/articles/SP-A-2"
    assert (await api.get(child, fields=fields)).body["parentArticle"]["idReadable"] == "SP-A-1"
    moved = await api.post(child, {"parentArticle": None}, fields=fields)
    assert moved.status == 200
    assert moved.body["parentArticle"] is None
    back = await api.post(child, {"parentArticle": {"idReadable": "SP-A-1"}}, fields=fields)
    assert back.body["parentArticle"]["idReadable"] == "SP-A-1"
    for bad in (
        {"parentArticle": {"idReadable": "SP-A-2"}},  # under itself
        {"parentArticle": "SP-A-1", "summary": "renamed"},
    ):
        assert (await api.post("api/articles/SP-A-1", bad)).status == 400, bad
    below = await api.post("api/articles/SP-A-1", {"parentArticle": {"idReadable": "SP-A-2"}})
    assert below.status == 400  # under its own child
    assert (await api.get("api/articles/SP-A-1", fields="summary,parentArticle")).body == {
        "summary": "Getting started",
        "parentArticle": None,
        "$type": "Article",
    }

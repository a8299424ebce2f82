"""Every route answers malformed input with a YouTrack error, never an internal error."""

from __future__ import annotations

import re
from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack
from aioyoutrack.testing._extras import add_reaction, add_vcs_change, extras
from aioyoutrack.testing._registry import load_routes

ROUTES = [r for r in load_routes() if r.auth]
BODIES: list[Any] = [
    None,
    [],
    "text",
    42,
    {"name": None, "summary": 5, "text": [], "query": {}, "issues": "SP-1", "value": {}},
    {
        "customFields": [
            {"name": "Priority", "$type": "SingleEnumIssueCustomField", "value": [1, 2]}
        ]
    },
    {
        "project": {"id": 7},
        "field": "x",
        "fieldType": {"id": None},
        "duration": "1h",
        "values": [None],
        "visibility": {"permittedGroups": [{"id": None}]},
        "leader": {"login": ["x"]},
        "date": "today",
        "projects": [{"id": "0-0"}, 3],
    },
]


@pytest.fixture(autouse=True)
def _attachments_on_sp1(fake: FakeYouTrack) -> None:
    """SP-1 gets one of everything a sub-resource route can address."""
    fake.add_comment("SP-1", "a comment")
    fake.tag_issue("SP-1", "Star")
    fake.add_work_item("SP-1", 30)
    fake.add_attachment("SP-1", "a.txt", b"a")
    # Reactions, a VCS change and a user-bundle member for the routes that address them.
    root = fake.user("root")
    issue = fake.issue("SP-1")
    add_reaction(fake.store, issue.comments[-1].id, "thumbs-up", root)
    article = next(iter(fake.store.articles.values()))
    add_reaction(fake.store, article.comments[0].id, "heart", root)
    add_vcs_change(fake.store, issue, root, "Fix the crash", "0123abcd")
    user_bundle = next(b for b in fake.store.bundles.values() if b.kind == "user")
    user_bundle.individuals.append(fake.user("jane.doe"))
    extras(fake.store).article_tags[article.id] = [fake.tag("Star")]


def _ids(fake: FakeYouTrack) -> dict[str, str]:
    issue = fake.issue("SP-1")
    agile = next(iter(fake.store.agiles.values()))
    article = next(iter(fake.store.articles.values()))
    pcf = issue.project.fields[0]
    assert pcf.bundle is not None
    user_bundle = next(b for b in fake.store.bundles.values() if b.kind == "user")
    return {
        "issues:id": "SP-1",
        "issues:commentId": issue.comments[-1].id,
        "issues:attachmentId": issue.attachments[-1].id,
        "issues:fieldId": pcf.id,
        "issues:issueId": "SP-2",
        "issues:itemId": issue.work_items[-1].id,
        "issues:linkId": next(iter(fake.store.link_types)),
        "issues:tagId": fake.tag("Star").id,
        "issues:activityId": issue.history[0].id,
        "admin:id": "0-0",
        "admin:fieldId": pcf.id,
        "admin:issueId": "SP-1",
        "admin:kind": "enum",
        "admin:typeId": next(iter(fake.store.work_item_types)),
        "admin:valueId": pcf.bundle.values[0].id,
        "agiles:id": agile.id,
        "agiles:sprintId": agile.sprints[0].id,
        "articles:id": article.id,
        "articles:commentId": article.comments[0].id,
        "tags:id": next(iter(fake.store.tags)),
        "issueTags:id": next(iter(fake.store.tags)),
        "users:id": "jane.doe",
        "groups:id": "QA",
        "savedQueries:id": next(iter(fake.store.saved_queries)),
        "issueLinkTypes:id": next(iter(fake.store.link_types)),
        "activities:activityId": fake.store.activities[0].id,
        "workItems:itemId": next(iter(fake.store.work_items)),
        "issues:reactionId": extras(fake.store).reactions[issue.comments[-1].id][0].id,
        "issues:changeId": extras(fake.store).vcs_changes[issue.id][0].id,
        "articles:reactionId": extras(fake.store).reactions[article.comments[0].id][0].id,
        "admin:userId": user_bundle.individuals[0].id,
        "admin:groupId": user_bundle.groups[0].id,
        "articles:tagId": fake.tag("Star").id,
    }


def _path(fake: FakeYouTrack, template: str) -> str:
    ids = _ids(fake)
    area = template.split("/")[0]
    if template.startswith("admin/customFieldSettings/customFields/"):
        ids["admin:id"] = next(iter(fake.store.fields))
    if template.startswith("admin/customFieldSettings/bundles/"):
        pcf = fake.issue("SP-1").project.fields[0]
        assert pcf.bundle is not None
        ids["admin:id"] = pcf.bundle.id
        if "bundles/user/" in template:
            user_bundle = next(b for b in fake.store.bundles.values() if b.kind == "user")
            ids["admin:id"] = user_bundle.id

    if template.endswith("parentArticle"):
        child = next(a for a in fake.store.articles.values() if a.parent is not None)
        ids["articles:id"] = child.id
    if "childArticles/" in template:
        child = next(a for a in fake.store.articles.values() if a.parent is not None)
        ids["articles:id"] = child.parent.id
        ids["articles:articleId"] = child.id

    def replace(match: re.Match[str]) -> str:
        return ids[f"{area}:{match.group(1)}"]

    return "api/" + re.sub(r"\{([^}:]+)(?::[^}]*)?\}", replace, template)


async def test_post_routes_reject_junk_without_crashing(api: Any, fake: FakeYouTrack) -> None:
    posts = [r for r in ROUTES if r.method == "POST"]
    assert len(posts) > 40
    for spec in posts:
        path = _path(fake, spec.path)
        for body in BODIES:
            reply = await api.post(path, body)
            assert reply.status < 500, (path, body, reply.body)
            assert reply.content_type.startswith("application/json") or reply.raw == b""
    assert fake.internal_errors == []


async def test_get_routes_answer_with_and_without_fields(api: Any, fake: FakeYouTrack) -> None:
    gets = [r for r in ROUTES if r.method == "GET"]
    assert len(gets) > 60
    for spec in gets:
        path = _path(fake, spec.path)
        params = {"categories": "CommentsCategory"} if "ctivit" in path else {}
        bare = await api.get(path, **params)
        assert bare.status == 200, (path, bare.body)
        wide = await api.get(
            path, fields="id,name,$type,summary,login,issues(id),value(name)", **params
        )
        assert wide.status == 200, path
        items = wide.body if isinstance(wide.body, list) else [wide.body]
        assert all("$type" in item for item in items if isinstance(item, dict)), path
        junk = await api.get(path, fields="id,(", **{"$top": "x"}, **params)
        assert junk.status == 400, path
    assert fake.internal_errors == []


@pytest.mark.parametrize(
    "spec", [r for r in ROUTES if r.method == "DELETE"], ids=lambda r: f"DELETE {r.path}"
)
async def test_delete_routes_work_once(api: Any, fake: FakeYouTrack, spec: Any) -> None:
    path = _path(fake, spec.path)
    first = await api.delete(path)
    assert first.status in (200, 400, 404), first.body
    again = await api.delete(path)
    assert again.status in (400, 404)
    assert fake.internal_errors == []

"""Comments, tags, links and attachments of issues."""

from __future__ import annotations

from typing import Any

import aiohttp

from aioyoutrack.testing import FakeYouTrack


async def test_comment_crud(api: Any, fake: FakeYouTrack) -> None:
    created = await api.post(
        "api/issues/SP-1/comments",
        {"text": "First!"},
        fields="id,text,author(login),created,visibility($type)",
    )
    assert created.status == 200
    body = created.body
    assert body["text"] == "First!"
    assert body["author"]["login"] == "root"
    assert body["visibility"] == {"$type": "UnlimitedVisibility"}
    path = f"api/issues/SP-1/comments/{body['id']}"
    edited = await api.post(path, {"text": "Edited"}, fields="text,updated")
    assert edited.body["text"] == "Edited"
    assert isinstance(edited.body["updated"], int)
    listed = await api.get("api/issues/SP-1/comments", fields="id")
    assert body["id"] in [c["id"] for c in listed.body]
    assert (await api.delete(path)).status == 200
    assert (await api.get(path)).status == 404
    assert (await api.post("api/issues/SP-1/comments", {"text": ""})).status == 400


async def test_a_comment_is_written_pinned_and_deleted_and_stays_listed(api: Any) -> None:
    # Spec: IssueComment.deleted and .pinned are writable; a real server lists a deleted
    # comment, flagged (realworld-fixtures/moneymeets-youtrack-sdk/issue_comments.json).
    fields = "id,deleted,pinned,updated"
    created = await api.post(
        "api/issues/SP-1/comments", {"text": "x", "pinned": True}, fields=fields
    )
    assert (created.body["deleted"], created.body["pinned"]) == (False, True)
    path = f"api/issues/SP-1/comments/{created.body['id']}"
    edited = await api.post(path, {"deleted": True, "pinned": False}, fields=fields)
    assert (edited.status, edited.body["deleted"], edited.body["pinned"]) == (200, True, False)
    assert isinstance(edited.body["updated"], int)
    listed = (await api.get("api/issues/SP-1/comments", fields=fields, **{"$top": "-1"})).body
    assert {"deleted": True, "pinned": False}.items() <= next(
        c for c in listed if c["id"] == created.body["id"]
    ).items()
    assert (await api.get(path, fields="text,deleted")).body == {
        "text": "x",
        "deleted": True,
        "$type": "IssueComment",
    }


async def test_pinned_comments_of_an_issue_are_those_pinned(api: Any) -> None:
    comment = await api.post("api/issues/SP-2/comments", {"text": "pin me"}, fields="id")
    path = f"api/issues/SP-2/comments/{comment.body['id']}"
    assert (await api.post(path, {"pinned": True})).status == 200
    issue = (await api.get("api/issues/SP-2", fields="pinnedComments(id,text)")).body
    assert issue["pinnedComments"] == [
        {"id": comment.body["id"], "text": "pin me", "$type": "IssueComment"}
    ]


async def test_comment_flags_must_be_booleans(api: Any, fake: FakeYouTrack) -> None:
    before = len(fake.issue("SP-1").comments)
    for flag, value in (("deleted", "yes"), ("pinned", 1), ("pinned", None)):
        reply = await api.post("api/issues/SP-1/comments", {"text": "x", flag: value})
        assert (reply.status, reply.body["error_description"]) == (400, f"{flag} must be a boolean")
    assert len(fake.issue("SP-1").comments) == before
    comment = fake.add_comment("SP-1", "mine", author="root")
    path = f"api/issues/SP-1/comments/{comment.id}"
    reply = await api.post(path, {"text": "changed", "pinned": True, "deleted": "no"})
    assert (reply.status, reply.body["error_description"]) == (400, "deleted must be a boolean")
    # Read before anything changes: the valid parts of a refused write are not applied.
    assert (comment.text, comment.pinned, comment.deleted) == ("mine", False, False)


async def test_an_article_comment_is_pinned_and_has_no_deleted(
    api: Any, fake: FakeYouTrack
) -> None:
    # Spec: ArticleComment.pinned is writable; ArticleComment has no ``deleted``.
    article = next(iter(fake.store.articles.values()))
    base = f"api/articles/{article.id}/comments"
    created = await api.post(base, {"text": "a", "pinned": True}, fields="id,pinned,deleted")
    assert created.body == {"id": created.body["id"], "pinned": True, "$type": "ArticleComment"}
    path = f"{base}/{created.body['id']}"
    pinned = (await api.get(f"api/articles/{article.id}", fields="pinnedComments(id)")).body
    assert pinned["pinnedComments"] == [{"id": created.body["id"], "$type": "ArticleComment"}]
    assert (await api.post(path, {"pinned": False}, fields="pinned")).body["pinned"] is False
    bad = await api.post(path, {"pinned": "true"})
    assert (bad.status, bad.body["error_description"]) == (400, "pinned must be a boolean")
    bad = await api.post(base, {"text": "b", "pinned": 0})
    assert bad.status == 400


async def test_only_author_or_admin_edits_a_comment(api: Any, fake: FakeYouTrack) -> None:
    comment = fake.add_comment("SP-1", "mine", author="root")
    jane = api.as_user(fake.token_for("jane.doe"))
    reply = await jane.post(f"api/issues/SP-1/comments/{comment.id}", {"text": "hacked"})
    assert reply.status == 403
    assert comment.text == "mine"


async def test_limited_comment_visibility(api: Any, fake: FakeYouTrack) -> None:
    qa = fake.store.find_group("QA")
    reply = await api.post(
        "api/issues/SP-1/comments",
        {
            "text": "secret",
            "visibility": {"$type": "LimitedVisibility", "permittedGroups": [{"id": qa.id}]},
        },
        fields="id,visibility($type,permittedGroups(name))",
    )
    assert reply.body["visibility"] == {
        "$type": "LimitedVisibility",
        "permittedGroups": [{"name": "QA", "$type": "UserGroup"}],
    }
    dave = api.as_user(fake.token_for("dave.brown"))  # in QA and on the SP team
    jane = api.as_user(fake.token_for("jane.doe"))  # on the SP team, not in QA
    path = f"api/issues/SP-1/comments/{reply.body['id']}"
    assert (await dave.get(path)).status == 200
    assert (await jane.get(path)).status == 404


async def test_a_tag_is_coloured_by_id_on_create_and_update(api: Any) -> None:
    """Spec: ``Tag.color`` is writable; an id means one colour, on tags and values alike."""
    created = await api.post(
        "api/tags", {"name": "painted", "color": {"id": "4"}}, fields="id,color(id,background)"
    )
    assert created.status == 200, created.body
    assert created.body["color"]["id"] == "4"
    path = f"api/tags/{created.body['id']}"
    recoloured = await api.post(path, {"color": {"id": "2"}}, fields="color(id,background)")
    assert recoloured.body["color"]["id"] == "2"
    assert (await api.get(path, fields="color(id,background)")).body == recoloured.body
    missing = await api.post(path, {"color": {"id": "999"}})
    assert missing.status == 404, missing.body
    assert (await api.get(path, fields="color(id,background)")).body == recoloured.body
    refused = await api.post("api/tags", {"name": "unpainted", "color": {"id": "999"}})
    assert refused.status == 404, refused.body
    names = await api.get("api/tags", fields="name", **{"$top": "-1"})
    assert "unpainted" not in {t["name"] for t in names.body}


async def test_tags(api: Any, fake: FakeYouTrack) -> None:
    created = await api.post("api/tags", {"name": "Urgent"}, fields="id,name,owner(login)")
    tag = created.body
    assert tag["owner"]["login"] == "root"
    assert (await api.post("api/tags", {"name": "urgent"})).status == 400
    found = await api.get("api/tags", query="urg", fields="name")
    assert [t["name"] for t in found.body] == ["Urgent"]
    assert (await api.post("api/issues/SP-1/tags", {"id": tag["id"]})).status == 200
    on_issue = await api.get("api/issues/SP-1/tags", fields="name")
    assert {"name": "Urgent", "$type": "Tag"} in on_issue.body
    issues = await api.get(f"api/tags/{tag['id']}", fields="issues(idReadable)")
    assert issues.body["issues"] == [{"idReadable": "SP-1", "$type": "Issue"}]
    assert (await api.delete(f"api/issues/SP-1/tags/{tag['id']}")).status == 200
    assert (await api.get(f"api/issues/SP-1/tags/{tag['id']}")).status == 404
    assert (await api.delete(f"api/tags/{tag['id']}")).status == 200
    assert (await api.get(f"api/tags/{tag['id']}")).status == 404


async def test_untag_on_resolve(api: Any, fake: FakeYouTrack) -> None:
    fake.update_issue("SP-1", State="Open")
    fake.add_tag("soon", untag_on_resolve=True)
    fake.tag_issue("SP-1", "soon")
    fake.update_issue("SP-1", State="Fixed")
    assert fake.tag("soon") not in fake.issue("SP-1").tags


async def test_links_have_a_slot_per_type_and_direction(api: Any, fake: FakeYouTrack) -> None:
    fake.store.issues_by_readable["SP-1"].links.clear()
    fake.link("SP-1", "subtask of", "SP-2")
    reply = await api.get(
        "api/issues/SP-1/links", fields="id,direction,linkType(name),issues(idReadable)"
    )
    slots = {(s["linkType"]["name"], s["direction"]): s for s in reply.body}
    assert set(slots) == {
        ("Relates", "BOTH"),
        ("Depend", "OUTWARD"),
        ("Depend", "INWARD"),
        ("Duplicate", "OUTWARD"),
        ("Duplicate", "INWARD"),
        ("Subtask", "OUTWARD"),
        ("Subtask", "INWARD"),
    }
    assert slots[("Subtask", "INWARD")]["issues"] == [{"idReadable": "SP-2", "$type": "Issue"}]
    assert slots[("Relates", "BOTH")]["issues"] == []
    parent = await api.get("api/issues/SP-1", fields="parent(issues(idReadable))")
    assert parent.body["parent"]["issues"] == [{"idReadable": "SP-2", "$type": "Issue"}]
    children = await api.get("api/issues/SP-2", fields="subtasks(issues(idReadable))")
    assert {"idReadable": "SP-1", "$type": "Issue"} in children.body["subtasks"]["issues"]


async def test_link_through_the_slot_resource(api: Any, fake: FakeYouTrack) -> None:
    depend = fake.store.find_link_type("Depend")
    slot = f"api/issues/SP-1/links/{depend.id}s/issues"
    assert (await api.post(slot, {"idReadable": "SP-9"})).status == 200
    listed = await api.get(slot, fields="idReadable")
    assert {"idReadable": "SP-9", "$type": "Issue"} in listed.body
    assert fake.issue("SP-1") in fake.issue("SP-9").links[(depend.id, "INWARD")]
    removed = await api.delete(f"{slot}/{fake.issue('SP-9').id}")
    assert removed.status == 200
    assert fake.issue("SP-9") not in fake.issue("SP-1").links[(depend.id, "OUTWARD")]
    assert (await api.get("api/issues/SP-1/links/nope")).status == 404


async def test_link_types(api: Any) -> None:
    types = (await api.get("api/issueLinkTypes", fields="name,directed,targetToSource")).body
    relates = next(t for t in types if t["name"] == "Relates")
    assert relates == {
        "name": "Relates",
        "directed": False,
        "targetToSource": "",
        "$type": "IssueLinkType",
    }
    created = await api.post(
        "api/issueLinkTypes",
        {
            "name": "Blocks",
            "sourceToTarget": "blocks",
            "targetToSource": "is blocked by",
            "directed": True,
        },
        fields="id,name",
    )
    assert created.body["name"] == "Blocks"
    assert (await api.delete(f"api/issueLinkTypes/{created.body['id']}")).status == 200


async def test_attachment_upload_and_signed_download(api: Any, fake: FakeYouTrack) -> None:
    form = aiohttp.FormData()
    form.add_field("files[0]", b"hello world", filename="hello.txt", content_type="text/plain")
    form.add_field("files[1]", b"\x00\x01", filename="b.bin")
    reply = await api.call(
        "POST",
        "api/issues/SP-1/attachments",
        data=form,
        params={"fields": "id,name,size,mimeType,url,extension"},
    )
    assert reply.status == 200
    assert isinstance(reply.body, list)
    assert len(reply.body) == 2
    first = reply.body[0]
    assert first["name"] == "hello.txt"
    assert first["size"] == 11
    assert first["mimeType"] == "text/plain"
    assert first["extension"] == "txt"
    assert first["url"].startswith("/api/files/")
    assert "sign=" in first["url"]
    origin = fake.url.rstrip("/")
    async with api.session.get(origin + first["url"]) as response:  # no token needed
        assert response.status == 200
        assert await response.read() == b"hello world"
    tampered = first["url"].replace("sign=", "sign=0")
    async with api.session.get(origin + tampered) as response:
        assert response.status == 403
    async with api.session.get(origin + first["url"].split("?")[0]) as response:
        assert response.status == 403


async def test_attachment_url_includes_the_context_path(session: Any) -> None:
    async with FakeYouTrack(seed=None, context_path="/youtrack/") as fake:
        fake.add_project("SP", "Sample")
        issue = fake.add_issue("SP", "x")
        fake.add_attachment(issue.id_readable, "a.txt", b"abc", "text/plain")
        headers = {"Authorization": f"Bearer {fake.token}"}
        async with session.get(
            fake.url + f"api/issues/{issue.id}/attachments",
            params={"fields": "url,base64Content"},
            headers=headers,
        ) as response:
            body = await response.json()
        assert body[0]["url"].startswith("/youtrack/api/files/")
        assert body[0]["base64Content"] == "data:text/plain;base64,YWJj"
        origin = fake.url.split("/youtrack/")[0]
        async with session.get(origin + body[0]["url"]) as response:
            assert await response.read() == b"abc"


async def test_attachment_errors_and_delete(api: Any, fake: FakeYouTrack) -> None:
    bad = await api.call(
        "POST",
        "api/issues/SP-1/attachments",
        data=b"raw",
        headers={"Content-Type": "multipart/form-data"},
    )
    assert bad.status == 400
    attachment = fake.add_attachment("SP-1", "x.txt", b"x")
    path = f"api/issues/SP-1/attachments/{attachment.id}"
    renamed = await api.post(path, {"name": "y.txt"}, fields="name")
    assert renamed.body["name"] == "y.txt"
    assert (await api.delete(path)).status == 200
    assert (await api.get(path)).status == 404


async def test_a_sub_article_is_read_changed_and_deleted_through_its_parent(
    api: Any, fake: FakeYouTrack
) -> None:
    parent = (await api.post("api/articles", {"project": {"id": "0-0"}, "summary": "P"})).body
    child = (await api.post(f"api/articles/{parent['id']}/childArticles", {"summary": "C"})).body
    grandchild = (
        await api.post(f"api/articles/{child['id']}/childArticles", {"summary": "G"})
    ).body
    other = (await api.post("api/articles", {"project": {"id": "0-0"}, "summary": "O"})).body
    below = f"api/articles/{parent['id']}/childArticles/{child['id']}"
    read = await api.get(below, fields="summary,parentArticle(id)")
    assert read.body["summary"] == "C"
    assert read.body["parentArticle"]["id"] == parent["id"]
    # An article that is not a child of the path's article is not found there.
    stranger = await api.get(f"api/articles/{parent['id']}/childArticles/{other['id']}")
    assert stranger.status == 404
    assert (await api.post(below, {"summary": "C2"}, fields="summary")).body["summary"] == "C2"
    assert (await api.delete(below)).status == 200
    assert (await api.get(f"api/articles/{child['id']}")).status == 404
    # The deleted article's own child moves up to the deleted one's parent.
    moved = await api.get(f"api/articles/{grandchild['id']}/parentArticle", fields="id")
    assert moved.body["id"] == parent["id"]
    orphan = await api.get(f"api/articles/{parent['id']}/parentArticle")
    assert (orphan.status, orphan.body["error"]) == (404, "Not Found")
    assert (
        orphan.body["error_description"] == f"Entity with id {parent['id']}/parentArticle not found"
    )


async def test_unknown_ids_are_404s_that_name_them(api: Any) -> None:
    for path, key in [
        ("api/savedQueries/nope", "nope"),
        ("api/admin/timeTrackingSettings/workItemTypes/9-99", "9-99"),
        ("api/files/7-999?sign=x", "7-999"),
    ]:
        reply = await api.get(path)
        described = reply.body["error_description"]
        assert (path, reply.status, described) == (path, 404, f"Entity with id {key} not found")

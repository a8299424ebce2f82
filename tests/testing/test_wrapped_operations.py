"""FakeYouTrack serves every operation of the 2025.3 spec, and the two that real clients
call beyond it; each operation the fake once lacked is exercised here through the
library's typed method."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import aiohttp
import pytest
from shared_data import ground_truth

from aioyoutrack import YouTrack
from aioyoutrack.errors import BadRequestError, NotFoundError
from aioyoutrack.models import (
    Article,
    ArticleAttachment,
    CustomFieldDefaults,
    Issue,
    ProjectTimeTrackingSettings,
    UserBundle,
    WorkItemType,
)
from aioyoutrack.testing import FakeYouTrack
from aioyoutrack.testing._http.registry import load_routes
from aioyoutrack.testing._state.records import new_record
from aioyoutrack.testing._state.resources import extras

_METHODS = ("get", "post", "put", "patch", "delete")


def _spec_operations() -> list[tuple[str, str]]:
    spec = json.loads((ground_truth() / "openapi.json").read_text("utf-8"))
    return sorted(
        (method.upper(), path.strip("/"))
        for path, item in spec["paths"].items()
        for method in item
        if method in _METHODS
    )


def _route_pattern(template: str) -> re.Pattern[str]:
    """A fake route's path as a regex: ``{name}`` is one segment, ``{name:a|b}`` those."""
    parts = re.split(r"(\{[^}]+\})", template)
    out = []
    for part in parts:
        if part.startswith("{"):
            choices = part[1:-1].partition(":")[2]
            out.append(f"(?:{choices})" if choices else "[^/]+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + "$")


_SERVED = [(r.method, _route_pattern(r.path)) for r in load_routes()]


def _served(method: str, path: str) -> bool:
    concrete = re.sub(r"\{[^}]+\}", "1-1", path)
    return any(m == method and p.match(concrete) for m, p in _SERVED)


def test_the_fake_serves_every_operation_of_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    operations = _spec_operations()
    assert len(operations) == 248
    missing = [f"{m} {p}" for m, p in operations if not _served(m, p)]
    with capsys.disabled():
        print(f"\nFakeYouTrack serves {len(operations) - len(missing)}/248 spec operations")
    assert missing == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "admin/projects/{id}/customFields/{fieldId}/bundle"),
        ("POST", "issues/{id}/comments/{commentId}/attachments"),
    ],
)
def test_the_fake_serves_routes_real_clients_use_beyond_the_spec(method: str, path: str) -> None:
    assert _served(method, path)


# --- article attachments ----------------------------------------------------------------


def _first_article(fake: FakeYouTrack) -> Any:
    return next(a for a in fake.store.articles.values() if a.parent is None)


async def test_article_attachments_through_the_typed_methods(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    article = _first_article(fake)
    body = {"name": "notes.txt", "base64Content": "data:text/plain;base64,aGVsbG8="}
    created = await yt.articles.attachments.create(article.id, body=body)
    assert isinstance(created, ArticleAttachment)
    assert (created.name, created.size, created.mime_type) == ("notes.txt", 5, "text/plain")
    assert created.id is not None
    listed = await yt.articles.attachments.list(article.id)
    assert [a.id for a in listed] == [created.id]
    got = await yt.articles.attachments.get(article.id, created.id)
    assert got.name == "notes.txt"
    assert b"".join([c async for c in yt.articles.attachments.download(got)]) == b"hello"
    renamed = await yt.articles.attachments.update(
        article.id, created.id, body={"name": "readme.txt"}
    )
    assert renamed.name == "readme.txt"
    await yt.articles.attachments.delete(article.id, created.id)
    assert await yt.articles.attachments.list(article.id) == []
    with pytest.raises(NotFoundError):
        await yt.articles.attachments.get(article.id, created.id)


async def test_an_article_attachment_needs_a_data_uri(yt: YouTrack, fake: FakeYouTrack) -> None:
    article = _first_article(fake)
    with pytest.raises(BadRequestError, match="base64Content"):
        await yt.articles.attachments.create(
            article.id, body={"name": "x.txt", "base64Content": "aGVsbG8="}
        )
    assert article.attachments == []


async def test_article_attachments_by_multipart_upload(api: Any, fake: FakeYouTrack) -> None:
    article = _first_article(fake)
    form = aiohttp.FormData()
    form.add_field("files", b"\x89PNG", filename="shot.png", content_type="image/png")
    reply = await api.call(
        "POST", f"api/articles/{article.id}/attachments", data=form, params={"fields": "name"}
    )
    assert reply.body == [{"name": "shot.png", "$type": "ArticleAttachment"}]


# --- sub-articles ------------------------------------------------------------------------


async def test_a_sub_article_is_updated_and_deleted_through_its_parent(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    parent = _first_article(fake)
    child = await yt.articles.children.create(parent.id, body={"summary": "Child"})
    assert child.id is not None
    changed = await yt.articles.children.update(parent.id, child.id, body={"summary": "Renamed"})
    assert isinstance(changed, Article)
    assert changed.summary == "Renamed"
    other = next(a for a in fake.store.articles.values() if a is not parent and a.parent is None)
    with pytest.raises(NotFoundError):  # not a child of that article
        await yt.articles.children.update(other.id, child.id, body={"summary": "x"})
    await yt.articles.children.delete(parent.id, child.id)
    assert child.id not in fake.store.articles


# --- user bundles ------------------------------------------------------------------------


async def test_user_bundles_are_created_updated_and_deleted(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    jane = fake.user("jane.doe")
    created = await yt.bundles.user.create(
        body={"name": "Reviewers", "individuals": [{"login": "jane.doe"}]}
    )
    assert isinstance(created, UserBundle)
    assert created.id is not None
    assert fake.store.bundles[created.id].individuals == [jane]
    updated = await yt.bundles.user.update(
        created.id, body={"name": "Approvers", "groups": [{"name": "QA"}]}
    )
    assert updated.name == "Approvers"
    assert [g.name for g in fake.store.bundles[created.id].groups] == ["QA"]
    with pytest.raises(NotFoundError):
        await yt.bundles.user.update(created.id, body={"individuals": [{"login": "nobody"}]})
    assert fake.store.bundles[created.id].individuals == [jane]  # nothing half-applied
    await yt.bundles.user.delete(created.id)
    assert created.id not in fake.store.bundles


async def test_a_user_bundle_a_field_uses_is_not_deleted(yt: YouTrack, fake: FakeYouTrack) -> None:
    pcf = next(p for p in fake.project("SP").fields if p.bundle and p.bundle.kind == "user")
    assert pcf.bundle is not None
    with pytest.raises(BadRequestError):
        await yt.bundles.user.delete(pcf.bundle.id)


# --- issues through the admin project -----------------------------------------------------


async def test_issues_are_created_updated_and_deleted_through_the_project(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    created = await yt.admin.projects.issues.create("SP", body={"summary": "Via admin"})
    assert isinstance(created, Issue)
    assert created.id is not None
    assert fake.issue(created.id).project is fake.project("SP")
    updated = await yt.admin.projects.issues.update("SP", created.id, body={"summary": "Moved"})
    assert updated.summary == "Moved"
    with pytest.raises(NotFoundError):  # the issue is not DEMO's
        await yt.admin.projects.issues.delete("DEMO", created.id)
    await yt.admin.projects.issues.delete("SP", created.id)
    with pytest.raises(KeyError):
        fake.issue(created.id)


# --- a project's time tracking ------------------------------------------------------------


async def test_project_time_tracking_settings(yt: YouTrack, fake: FakeYouTrack) -> None:
    settings = await yt.admin.projects.time_tracking.get("SP")
    assert isinstance(settings, ProjectTimeTrackingSettings)
    assert settings.enabled is False
    estimation = fake.project("SP").custom_field("Estimation")
    assert estimation is not None
    changed = await yt.admin.projects.time_tracking.update(
        "SP", body={"enabled": True, "estimate": {"id": estimation.id}}
    )
    assert changed.enabled is True
    assert changed.estimate is not None
    assert changed.estimate.id == estimation.id
    with pytest.raises(BadRequestError, match="period field"):
        await yt.admin.projects.time_tracking.update("SP", body={"timeSpent": {"id": "92-999"}})
    # An id that is no entity id is refused before any field is looked for.
    with pytest.raises(BadRequestError, match="Invalid structure of entity id: nope"):
        await yt.admin.projects.time_tracking.update("SP", body={"timeSpent": {"id": "nope"}})


async def test_project_work_item_types_are_added_and_removed(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    all_types = list(fake.store.work_item_types.values())
    first = all_types[0]
    await yt.admin.projects.work_item_types.remove("SP", first.id)
    listed = await yt.admin.projects.work_item_types.list("SP")
    assert [t.id for t in listed] == [t.id for t in all_types[1:]]
    with pytest.raises(NotFoundError):
        await yt.admin.projects.work_item_types.get("SP", first.id)
    added = await yt.admin.projects.work_item_types.add("SP", first.id)
    assert isinstance(added, WorkItemType)
    got = await yt.admin.projects.work_item_types.get("SP", first.id)
    assert got.name == first.name
    # Other projects keep their own list.
    assert len(await yt.admin.projects.work_item_types.list("DEMO")) == len(all_types)


# --- field defaults, backups ---------------------------------------------------------------


async def test_custom_field_defaults(yt: YouTrack, fake: FakeYouTrack) -> None:
    priority = fake.store.find_field("Priority")
    defaults = await yt.custom_fields.defaults.get(priority.id)
    assert isinstance(defaults, CustomFieldDefaults)
    assert defaults.can_be_empty is True
    changed = await yt.custom_fields.defaults.update(
        priority.id, body={"canBeEmpty": False, "emptyFieldText": "Unset"}
    )
    assert (changed.can_be_empty, changed.empty_field_text) == (False, "Unset")
    raw = await yt.request(
        "GET",
        f"api/admin/customFieldSettings/customFields/{priority.id}/fieldDefaults",
        params={"fields": "canBeEmpty"},
    )
    assert raw == {"canBeEmpty": False, "$type": "EnumBundleCustomFieldDefaults"}
    with pytest.raises(BadRequestError):
        await yt.custom_fields.defaults.update(priority.id, body={"canBeEmpty": "no"})


async def test_one_backup_by_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(NotFoundError):
        await yt.admin.database_backup.backups.get("backup-1")
    record = {"id": "backup-1", "name": "backup-2025.zip", "size": 42, "creationDate": 0}
    extras(fake.store).backups.append(new_record("BackupFile", {**record, "link": None}))
    found = await yt.admin.database_backup.backups.get("backup-1")
    assert (found.name, found.size) == ("backup-2025.zip", 42)


# --- beyond the spec -------------------------------------------------------------------------


async def test_a_project_fields_bundle(yt: YouTrack, fake: FakeYouTrack) -> None:
    state = fake.project("SP").custom_field("State")
    assert state is not None
    assert state.bundle is not None
    answer = await yt.request(
        "GET",
        f"api/admin/projects/SP/customFields/{state.id}/bundle",
        params={"fields": "id,values(name)"},
    )
    assert answer["id"] == state.bundle.id
    assert answer["$type"] == "StateBundle"
    assert [v["name"] for v in answer["values"]] == [v.name for v in state.bundle.values]


async def test_comment_attachments_upload(api: Any, fake: FakeYouTrack) -> None:
    comment = fake.add_comment("SP-1", "see attached")
    form = aiohttp.FormData()
    form.add_field("file", b"log line", filename="app.log", content_type="text/plain")
    reply = await api.call(
        "POST",
        f"api/issues/SP-1/comments/{comment.id}/attachments",
        data=form,
        params={"fields": "name,comment(id)"},
    )
    assert reply.status == 200
    assert reply.body == [
        {
            "name": "app.log",
            "comment": {"id": comment.id, "$type": "IssueComment"},
            "$type": "IssueAttachment",
        }
    ]
    attachment = fake.issue("SP-1").attachments[-1]
    assert (attachment.comment, attachment.data) == (comment, b"log line")
    assert base64.b64decode(attachment.data_uri().partition(",")[2]) == b"log line"

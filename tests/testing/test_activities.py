"""Activities: recorded changes, mandatory categories, cursor pages."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack

ALL = (
    "IssueCreatedCategory,CustomFieldCategory,CommentsCategory,TagsCategory,LinksCategory,"
    "AttachmentsCategory,WorkItemCategory,SummaryCategory,DescriptionCategory,"
    "IssueResolvedCategory,SprintCategory"
)
FIELDS = "id,$type,category(id),author(login),timestamp,target(id),added(id,name),removed(id,name)"


@pytest.fixture
async def history(api: Any, fake: FakeYouTrack) -> Any:
    """A fresh issue with one change of every kind."""
    issue = fake.add_issue("SP", "History", fields={"State": "Open"})
    key = issue.id_readable
    await api.post(
        f"api/issues/{key}",
        {
            "summary": "History 2",
            "customFields": [
                {
                    "name": "Priority",
                    "$type": "SingleEnumIssueCustomField",
                    "value": {"name": "Major"},
                }
            ],
        },
    )
    await api.post(f"api/issues/{key}/comments", {"text": "c"})
    await api.post(
        "api/commands",
        {"query": "tag Star relates to SP-1 State Fixed", "issues": [{"idReadable": key}]},
    )
    fake.add_attachment(key, "a.txt", b"a")
    fake.add_work_item(key, 30)
    return key


@pytest.mark.parametrize(
    "path",
    [
        "api/issues/SP-1/activities",
        "api/activities",
        "api/activitiesPage",
        "api/issues/SP-1/activitiesPage",
    ],
)
async def test_categories_are_mandatory(api: Any, path: str) -> None:
    reply = await api.get(path, fields="id")
    assert reply.status == 400
    assert reply.body["error"] == "bad_request"
    assert "categories" in reply.body["error_description"]


async def test_every_change_is_recorded(api: Any, history: str) -> None:
    reply = await api.get(f"api/issues/{history}/activities", categories=ALL, fields=FIELDS)
    types = [a["$type"] for a in reply.body]
    assert types == [
        "IssueCreatedActivityItem",
        "SimpleValueActivityItem",
        "CustomFieldActivityItem",
        "CommentActivityItem",
        "TagsActivityItem",
        "LinksActivityItem",
        "CustomFieldActivityItem",
        "IssueResolvedActivityItem",
        "AttachmentActivityItem",
        "WorkItemActivityItem",
    ]
    stamps = [a["timestamp"] for a in reply.body]
    assert stamps == sorted(stamps)
    field_change = reply.body[2]
    assert field_change["category"] == {"id": "CustomFieldCategory", "$type": "ActivityCategory"}
    assert [v["name"] for v in field_change["added"]] == ["Major"]
    assert [v["name"] for v in field_change["removed"]] == ["Normal"]
    assert reply.body[4]["added"][0]["name"] == "Star"


async def test_category_author_and_time_filters(api: Any, fake: FakeYouTrack, history: str) -> None:
    path = f"api/issues/{history}/activities"
    comments = await api.get(path, categories="CommentsCategory", fields=FIELDS)
    assert [a["$type"] for a in comments.body] == ["CommentActivityItem"]
    stamp = comments.body[0]["timestamp"]
    later = await api.get(path, categories=ALL, start=str(stamp + 1), fields="timestamp")
    assert later.body
    assert all(a["timestamp"] > stamp for a in later.body)
    earlier = await api.get(path, categories=ALL, end=str(stamp), fields="timestamp")
    assert all(a["timestamp"] <= stamp for a in earlier.body)
    nobody = await api.get(path, categories=ALL, author="jane.doe", fields="id")
    assert nobody.body == []
    newest_first = await api.get(path, categories=ALL, reverse="true", fields="$type")
    assert newest_first.body[0]["$type"] == "WorkItemActivityItem"


async def test_global_activities_by_issue_query(api: Any, history: str) -> None:
    reply = await api.get(
        "api/activities", categories="TagsCategory", issueQuery=history, fields="target(idReadable)"
    )
    assert reply.body == [
        {"target": {"idReadable": history, "$type": "Issue"}, "$type": "TagsActivityItem"}
    ]


async def test_cursor_pages_walk_forward_and_back(api: Any, fake: FakeYouTrack) -> None:
    params = {
        "categories": "CommentsCategory",
        "$top": "7",
        "fields": "activities(id),afterCursor,beforeCursor,hasAfter,hasBefore,reverse",
    }
    expected = [a.id for a in fake.store.activities if a.category.id == "CommentsCategory"]
    assert len(expected) > 20
    seen: list[str] = []
    pages = []
    cursor = None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        page = (await api.get("api/activitiesPage", **query)).body
        assert page["$type"] == "ActivityCursorPage"
        assert page["reverse"] is False
        pages.append(page)
        seen += [a["id"] for a in page["activities"]]
        if not page["hasAfter"]:
            break
        cursor = page["afterCursor"]
    assert seen == expected
    assert pages[0]["hasBefore"] is False
    assert pages[1]["hasBefore"] is True
    back = await api.get(
        "api/activitiesPage", reverse="true", cursor=pages[2]["beforeCursor"], **params
    )
    assert [a["id"] for a in back.body["activities"]] == list(reversed(seen[7:14]))
    assert back.body["hasAfter"] is True
    further = await api.get(
        "api/activitiesPage", reverse="true", cursor=back.body["afterCursor"], **params
    )
    assert [a["id"] for a in further.body["activities"]] == list(reversed(seen[:7]))
    assert further.body["hasAfter"] is False


async def test_reverse_page_and_activity_anchor(api: Any, fake: FakeYouTrack) -> None:
    expected = [a.id for a in fake.store.activities if a.category.id == "TagsCategory"]
    newest = await api.get(
        "api/activitiesPage",
        categories="TagsCategory",
        reverse="true",
        fields="activities(id)",
        **{"$top": "3"},
    )
    assert [a["id"] for a in newest.body["activities"]] == expected[::-1][:3]
    anchor = expected[10]
    centred = await api.get(
        "api/activitiesPage",
        categories="TagsCategory",
        activityId=anchor,
        fields="activities(id)",
        **{"$top": "5"},
    )
    assert [a["id"] for a in centred.body["activities"]] == expected[8:13]
    bad = await api.get("api/activitiesPage", categories="TagsCategory", cursor="%%%")
    assert bad.status == 400


async def test_single_activity(api: Any, history: str, fake: FakeYouTrack) -> None:
    activity = fake.issue(history).history[0]
    one = await api.get(f"api/issues/{history}/activities/{activity.id}", fields="$type")
    assert one.body == {"$type": "IssueCreatedActivityItem"}
    assert (await api.get(f"api/activities/{activity.id}")).status == 200
    assert (await api.get(f"api/issues/SP-2/activities/{activity.id}")).status == 404


async def test_moving_an_issue_records_a_project_activity(api: Any, fake: FakeYouTrack) -> None:
    # Spec: ProjectActivityItem is a SingleValueActivityItem whose added/removed are one
    # IssueKey each (project + numberInProject), category ProjectCategory (semantics.md).
    issue = fake.issue("SP-8")
    old_project, old_number = issue.project, issue.number
    moved = await api.post("api/issues/SP-8/project", {"shortName": "DEMO"}, fields="id")
    assert moved.status == 200
    fields = (
        "$type,category(id),author(login),target(idReadable),field($type,id,name),"
        "added($type,project(shortName),numberInProject),"
        "removed($type,project(shortName),numberInProject)"
    )
    reply = await api.get(
        f"api/issues/{issue.id}/activities", categories="ProjectCategory", fields=fields
    )
    assert reply.status == 200
    (activity,) = reply.body
    assert activity["$type"] == "ProjectActivityItem"
    assert activity["category"] == {"id": "ProjectCategory", "$type": "ActivityCategory"}
    assert activity["author"]["login"] == "root"
    assert activity["target"]["idReadable"] == issue.id_readable
    assert activity["field"] == {
        "$type": "PredefinedFilterField",
        "id": "project",
        "name": "project",
    }
    assert activity["removed"] == {
        "$type": "IssueKey",
        "project": {"shortName": old_project.short_name, "$type": "Project"},
        "numberInProject": old_number,
    }
    assert activity["added"] == {
        "$type": "IssueKey",
        "project": {"shortName": "DEMO", "$type": "Project"},
        "numberInProject": issue.number,
    }
    assert issue.project.short_name == "DEMO"
    everywhere = await api.get("api/activities", categories="ProjectCategory", fields="id")
    assert [a["id"] for a in everywhere.body] == [issue.history[-1].id]
    # Moving to the project it is already in changes nothing, so records nothing.
    await api.post(f"api/issues/{issue.id}/project", {"shortName": "DEMO"})
    again = await api.get(f"api/issues/{issue.id}/activities", categories="ProjectCategory")
    assert len(again.body) == 1

"""The default models against FakeYouTrack (raw aiohttp requests, not the client).

Each default class structures what the fake answers to that class's own projection,
and custom-field values written with the encoder read back equal through Issue.fields.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from aioyoutrack import models as m
from aioyoutrack._convert import structure, unstructure
from aioyoutrack._custom_fields import encode_custom_fields
from aioyoutrack._fields import fields_for
from aioyoutrack.testing import FakeYouTrack


class Raw:
    """Bare JSON calls to the fake as root."""

    def __init__(self, session: aiohttp.ClientSession, fake: FakeYouTrack) -> None:
        self.session = session
        self.fake = fake

    async def call(
        self, method: str, path: str, model: Any, body: Any = None, **params: Any
    ) -> Any:
        query = {"fields": fields_for(model), **params}
        headers = {"Authorization": f"Bearer {self.fake.token}", "Accept": "application/json"}
        async with self.session.request(
            method, f"{self.fake.url}api/{path}", params=query, json=body, headers=headers
        ) as response:
            data = await response.json()
            assert response.status == 200, data
        return structure(data, model)


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[Raw]:
    async with FakeYouTrack(seed="demo", issues=30) as fake, aiohttp.ClientSession() as session:
        yield Raw(session, fake)
        assert fake.internal_errors == []


LISTS: list[tuple[str, Any]] = [
    ("admin/projects", list[m.Project]),
    ("issues", list[m.Issue]),
    ("tags", list[m.Tag]),
    ("savedQueries", list[m.SavedQuery]),
    ("users", list[m.User]),
    ("groups", list[m.UserGroup]),
    ("agiles", list[m.Agile]),
    ("articles", list[m.Article]),
    ("workItems", list[m.IssueWorkItem]),
    ("issueLinkTypes", list[m.IssueLinkType]),
    ("admin/customFieldSettings/customFields", list[m.CustomField]),
    ("admin/customFieldSettings/bundles/enum", list[m.EnumBundle]),
    ("admin/customFieldSettings/bundles/state", list[m.StateBundle]),
    ("admin/customFieldSettings/bundles/version", list[m.VersionBundle]),
    ("admin/customFieldSettings/bundles/user", list[m.UserBundle]),
    ("admin/timeTrackingSettings/workItemTypes", list[m.WorkItemType]),
]


@pytest.mark.parametrize(("path", "model"), LISTS, ids=[p for p, _ in LISTS])
async def test_default_models_structure_the_fakes_answers(
    fake_api: Raw, path: str, model: Any
) -> None:
    items = await fake_api.call("GET", path, model, **{"$top": "5"})
    assert items
    assert all(item.id for item in items)


async def test_issue_details(fake_api: Raw) -> None:
    issue = await fake_api.call("GET", "issues/SP-1", m.Issue)
    assert issue.id_readable == "SP-1"
    assert issue.project.short_name == "SP"
    assert isinstance(issue.created, datetime)
    assert issue.fields["State"]
    for sub, model in [
        ("comments", list[m.IssueComment]),
        ("links", list[m.IssueLink]),
        ("attachments", list[m.IssueAttachment]),
        ("timeTracking/workItems", list[m.IssueWorkItem]),
        ("customFields", list[m.IssueCustomField]),
    ]:
        await fake_api.call("GET", f"issues/SP-1/{sub}", model, **{"$top": "5"})
    page = await fake_api.call(
        "GET",
        "issues/SP-1/activitiesPage",
        m.ActivityCursorPage,
        categories="CustomFieldCategory,CommentsCategory,IssueCreatedCategory",
    )
    assert page.activities
    assert all(isinstance(a, m.ActivityItem) for a in page.activities)
    me = await fake_api.call("GET", "users/me", m.Me)
    assert me.login == "root"


#: Users each demo project's user fields accept (its team).
TEAM = {
    "SP": ["jane.doe", "john.doe"],
    "DEMO": ["john.doe", "alice.miller"],
    "MOB": ["bob.kowalski", "carol.white"],
}


def _value_for(schema: m.ProjectCustomField, project: str) -> Any:
    """A valid value of every kind, chosen from what the project offers."""
    assert schema.field is not None
    assert schema.field.field_type is not None
    kind = schema.field.field_type.id or ""
    base, _, cardinality = kind.partition("[")
    many = cardinality.startswith("*")
    bundle = getattr(schema, "bundle", None)
    names = [v.name for v in getattr(bundle, "values", None) or []]
    choices: dict[str, Any] = {
        "user": TEAM[project],
        "group": ["Developers", "QA"],
        "period": timedelta(hours=3, minutes=15),
        "date": date(2024, 2, 29),
        "date and time": datetime(2024, 3, 1, 8, 15, tzinfo=timezone.utc),
        "integer": 13,
        "float": 2.5,
        "string": "a@example.com",
        "text": "Some *notes*",
    }
    value = choices.get(base, names[-2:] if len(names) > 1 else names)
    if base in ("user", "group") or isinstance(value, list):
        return value if many else value[0]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, m.User):
        return value.login
    if isinstance(value, m.UserGroup):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("project", ["SP", "DEMO", "MOB"])
async def test_every_field_kind_round_trips(fake_api: Raw, project: str) -> None:
    (info,) = [
        p
        for p in await fake_api.call("GET", "admin/projects", list[m.Project])
        if p.short_name == project
    ]
    schema = await fake_api.call(
        "GET",
        f"admin/projects/{info.id}/customFields",
        list[m.ProjectCustomField],
        **{"$top": "100"},
    )
    values = {s.field.name: _value_for(s, project) for s in schema}
    body = {
        "project": {"id": info.id},
        "summary": "round trip",
        "customFields": encode_custom_fields(schema, values),
    }
    created = await fake_api.call("POST", "issues", m.Issue, body)
    # Structured alone (no client to read the project's schema), a date-and-time value
    # stays epoch milliseconds: the default projection does not ask for field types.
    untyped = {
        k: int(v.timestamp() * 1000) if isinstance(v, datetime) else v for k, v in values.items()
    }
    assert {k: _plain(v) for k, v in created.fields.items()} == untyped
    read = await fake_api.call("GET", f"issues/{created.id_readable}", m.Issue)
    assert read.fields == created.fields
    cleared = {s.field.name: None for s in schema if s.can_be_empty}
    assert cleared
    updated = await fake_api.call(
        "POST",
        f"issues/{created.id_readable}",
        m.Issue,
        {"customFields": encode_custom_fields(schema, cleared)},
    )
    for name in cleared:
        assert updated.fields[name] in (None, []), name


async def test_unstructured_bodies_are_accepted(fake_api: Raw) -> None:
    project = (await fake_api.call("GET", "admin/projects", list[m.Project]))[0]
    body = unstructure(
        m.Issue(
            summary="From a model",
            description="typed body",
            project=m.Project(id=project.id),
            custom_fields=[
                m.SingleEnumIssueCustomField(
                    name="Priority", value=m.EnumBundleElement(name="Major")
                )
            ],
        )
    )
    created = await fake_api.call("POST", "issues", m.Issue, body)
    assert created.summary == "From a model"
    assert created.fields["Priority"] == "Major"
    command = m.CommandList(query="tag Star", issues=[m.Issue(id_readable=created.id_readable)])
    await fake_api.call("POST", "commands", m.CommandList, unstructure(command))
    tagged = await fake_api.call("GET", f"issues/{created.id_readable}", m.Issue)
    assert [t.name for t in tagged.tags or []] == ["Star"]

"""``model=``: any attrs class is both the fields= projection and the result."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import (
    InvalidRequestError,
    Issue,
    IssueComment,
    IssueCustomField,
    Project,
    YouTrack,
    field_metadata,
)
from aioyoutrack.testing import FakeYouTrack


@attrs.define(kw_only=True)
class MyIssueView:
    """A caller's own view: readable id, summary, project key and custom fields."""

    id_readable: str | None = None
    summary: str | None = None
    project: Project | None = attrs.field(
        default=None, metadata=field_metadata(fields="short_name")
    )
    custom_fields: list[IssueCustomField] | None = None


@attrs.define(kw_only=True, slots=True)
class IssueWithComments(Issue):
    comments: list[IssueComment] | None = None


async def test_get_and_search_with_a_view(yt: YouTrack, fake: FakeYouTrack) -> None:
    view = await yt.issues.get("SP-8", model=MyIssueView)
    assert isinstance(view, MyIssueView)
    assert view.id_readable == "SP-8"
    assert view.project == Project(short_name="SP")
    names = {cf.name for cf in view.custom_fields or []}
    assert "Priority" in names
    fields = fake.stats.log[-1].query["fields"]
    assert fields.startswith("idReadable,summary,project(shortName),customFields(")
    found = await yt.issues.search("project: MOB", model=MyIssueView)
    assert len(found) == 60
    assert all(isinstance(v, MyIssueView) for v in found)


async def test_get_many_create_update_with_a_view(yt: YouTrack) -> None:
    many = await yt.issues.get_many(["SP-1", "SP-2"], model=MyIssueView)
    assert [v.id_readable for v in many] == ["SP-1", "SP-2"]
    created = await yt.issues.create("SP", "Viewed", model=MyIssueView)
    assert created.summary == "Viewed"
    assert created.project == Project(short_name="SP")
    updated = await yt.issues.update(
        created.id_readable or "", fields={"Priority": "Major"}, model=MyIssueView
    )
    values = {cf.name: cf.plain_value for cf in updated.custom_fields or []}
    assert values["Priority"] == "Major"


async def test_subclass_of_a_library_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    fake.add_comment("SP-4", "inline comment")
    issue = await yt.issues.get("SP-4", model=IssueWithComments)
    assert isinstance(issue, IssueWithComments)
    assert issue.fields  # the inherited attributes come too
    assert "inline comment" in [c.text for c in issue.comments or []]
    assert "comments(" in fake.stats.log[-1].query["fields"]


async def test_model_must_be_an_attrs_class(yt: YouTrack, fake: FakeYouTrack) -> None:
    class NotAttrs:
        pass

    with pytest.raises(InvalidRequestError, match="attrs class"):
        await yt.issues.get("SP-1", model=NotAttrs)
    with pytest.raises(InvalidRequestError, match="attrs class"):
        yt.issues.search(model=NotAttrs)
    with pytest.raises(InvalidRequestError, match="attrs class"):
        await yt.issues.create("SP", "x", model=MyIssueView())  # type: ignore[call-overload]
    assert fake.stats.requests == 0

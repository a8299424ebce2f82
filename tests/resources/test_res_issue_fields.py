"""yt.issues.custom_fields: list and set one field by name."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from aioyoutrack import CustomFieldError, IssueCustomField, NotFoundError, YouTrack
from aioyoutrack.models import PeriodIssueCustomField, SingleEnumIssueCustomField
from aioyoutrack.testing import FakeYouTrack


async def test_list(yt: YouTrack, fake: FakeYouTrack) -> None:
    fields = await yt.issues.custom_fields.list("SP-1")
    by_name = {f.name: f for f in fields}
    assert isinstance(by_name["Priority"], SingleEnumIssueCustomField)
    assert by_name["Priority"].plain_value == fake.issue("SP-1").value_of("Priority")
    assert isinstance(by_name["Estimation"], PeriodIssueCustomField)
    assert all(isinstance(f, IssueCustomField) for f in fields)
    assert fake.stats.log[-1].path == "api/issues/SP-1/customFields"


async def test_set_by_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    field = await yt.issues.custom_fields.set("SP-2", "Estimation", timedelta(minutes=90))
    assert isinstance(field, PeriodIssueCustomField)
    assert field.plain_value == timedelta(minutes=90)
    assert fake.issue("SP-2").value_of("Estimation") == 90
    post = next(r for r in fake.stats.log if r.method == "POST")
    pcf = fake.project("SP").custom_field("Estimation")
    assert pcf is not None
    assert post.path == f"api/issues/SP-2/customFields/{pcf.id}"
    cleared = await yt.issues.custom_fields.set("SP-2", "Estimation", None)
    assert cleared.plain_value is None


async def test_set_checks_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(CustomFieldError):
        await yt.issues.custom_fields.set("SP-2", "Priority", "Not a priority")
    with pytest.raises(CustomFieldError):
        await yt.issues.custom_fields.set("SP-2", "Story points", 3)  # a DEMO field
    assert [r for r in fake.stats.log if r.method != "GET"] == []
    with pytest.raises(NotFoundError):
        await yt.issues.custom_fields.set("SP-99999", "Priority", "Major")


async def test_custom_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class NameOnly:
        name: str | None = None

    names = await yt.issues.custom_fields.list("MOB-1", model=NameOnly)
    assert [n.name for n in names][:2] == ["Priority", "Type"]
    assert fake.stats.log[-1].query["fields"] == "name"
    result = await yt.issues.custom_fields.set("MOB-1", "Priority", "Major", model=NameOnly)
    assert result == NameOnly(name="Priority")

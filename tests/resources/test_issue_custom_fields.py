"""yt.issues.custom_fields: list and set one field by name."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pytest

from aioyoutrack import (
    CustomFieldError,
    InvalidRequestError,
    IssueCustomField,
    NotFoundError,
    UnknownCustomFieldError,
    YouTrack,
)
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


async def test_get_one_field_by_name_or_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    by_name = await yt.issues.custom_fields.get("SP-1", "Priority")
    assert isinstance(by_name, SingleEnumIssueCustomField)
    assert by_name.plain_value == fake.issue("SP-1").value_of("Priority")
    pcf = fake.project("SP").custom_field("Priority")
    assert pcf is not None
    assert fake.stats.log[-1].path == f"api/issues/SP-1/customFields/{pcf.id}"
    fake.stats.log.clear()
    by_id = await yt.issues.custom_fields.get("SP-1", pcf.id)
    assert by_id == by_name
    assert [r.path for r in fake.stats.log] == [f"api/issues/SP-1/customFields/{pcf.id}"]
    named = await yt.issues.custom_fields.get("SP-1", "Priority", model=_NameOnly)
    assert named == _NameOnly(name="Priority")
    assert fake.stats.log[-1].query["fields"].startswith("name")


async def test_get_a_date_time_field_reads_a_datetime(yt: YouTrack) -> None:
    # Written from an ISO 8601 string, read back typed (not epoch milliseconds).
    await yt.issues.custom_fields.set("DEMO-1", "Reviewed at", "2025-06-01T10:00:00+02:00")
    field = await yt.issues.custom_fields.get("DEMO-1", "Reviewed at")
    assert field.plain_value == datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)


async def test_set_refuses_a_naive_date_time_string_before_sending(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    with pytest.raises(CustomFieldError, match=r"'Reviewed at' of project DEMO.*no offset"):
        await yt.issues.custom_fields.set("DEMO-1", "Reviewed at", "2025-06-01T10:00:00")
    with pytest.raises(CustomFieldError, match=r"'Due Date' of project SP.*'2025-06-01'"):
        await yt.issues.update("SP-1", fields={"Due Date": "June 1st"})
    assert [r for r in fake.stats.log if r.method != "GET"] == []


async def test_get_unknown_field(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(UnknownCustomFieldError, match=r"'Priorty' in project SP.*'Priority'"):
        await yt.issues.custom_fields.get("SP-1", "Priorty")
    assert all(not r.path.startswith("api/issues/SP-1/customFields") for r in fake.stats.log)
    with pytest.raises(NotFoundError):
        await yt.issues.custom_fields.get("SP-1", "999-999")
    with pytest.raises(InvalidRequestError, match="field must not be empty"):
        await yt.issues.custom_fields.get("SP-1", " ")


@attrs.define(kw_only=True)
class _NameOnly:
    name: str | None = None


# ---- named, typed path ids and the one declaration style


async def test_bad_arguments_send_nothing(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="notify must be a bool"):
        await yt.issues.custom_fields.set("SP-1", "Priority", "Major", notify=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.issues.custom_fields.get("SP-1", "Priority", model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="issue_id must not be empty"):
        yt.issues.custom_fields.list(" ")
    assert fake.stats.requests == 0


async def test_get_by_name_and_by_settings_id(yt: YouTrack, fake: FakeYouTrack) -> None:
    by_name = await yt.issues.custom_fields.get("SP-1", "Priority")
    settings = await yt.projects.custom_fields("SP")
    [settings_id] = [s.id for s in settings if s.field and s.field.name == "Priority"]
    assert settings_id is not None
    by_id = await yt.issues.custom_fields.get("SP-1", field=settings_id)
    assert by_id.name == by_name.name == "Priority"
    assert fake.stats.log[-1].path == f"api/issues/SP-1/customFields/{settings_id}"

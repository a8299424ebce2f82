"""Administration: custom fields, bundles, projects, settings, profiles, groups, search."""

from __future__ import annotations

import json
from typing import Any

import pytest
from shared_data import ground_truth

from aioyoutrack import YouTrack
from aioyoutrack.errors import (
    BadRequestError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from aioyoutrack.models import (
    CustomField,
    EnumBundle,
    EnumBundleElement,
    EnumProjectCustomField,
    FieldBasedCondition,
    FieldType,
    Project,
    StateBundleElement,
    UserGroup,
    VersionBundle,
    VersionBundleElement,
)
from aioyoutrack.models.admin_settings import SystemSettings, TimeZoneDescriptor
from aioyoutrack.models.profiles import (
    GeneralUserProfile,
    NotificationsUserProfile,
    PeriodFieldFormat,
    TimeTrackingUserProfile,
)
from aioyoutrack.testing import FakeYouTrack


async def test_global_custom_fields(yt: YouTrack, fake: FakeYouTrack) -> None:
    fields = await yt.custom_fields.list()
    assert {f.name for f in fields} == {f.name for f in fake.store.fields.values()}
    priority = next(f for f in fields if f.name == "Priority")
    assert priority.field_type is not None
    assert priority.field_type.id == "enum[1]"
    assert priority.id is not None
    got = await yt.custom_fields.get(priority.id)
    assert isinstance(got, CustomField)
    assert got.instances
    instances = await yt.custom_fields.instances(priority.id)
    assert {i.project.short_name for i in instances if i.project} >= {"SP"}
    types = await yt.custom_fields.types()
    assert all(isinstance(t, FieldType) for t in types)
    assert "enum[1]" in {t.id for t in types}

    created = await yt.custom_fields.create("Severity", "enum[1]")
    assert created.field_type is not None
    assert created.field_type.id == "enum[1]"
    assert created.id is not None
    renamed = await yt.custom_fields.update(created.id, body={"name": "Impact"})
    assert renamed.name == "Impact"
    await yt.custom_fields.delete(created.id)
    with pytest.raises(NotFoundError):
        await yt.custom_fields.get(created.id)


async def test_enum_bundle_values_by_name(yt: YouTrack, fake: FakeYouTrack) -> None:
    bundles = await yt.bundles.enum.list()
    assert all(isinstance(b, EnumBundle) for b in bundles)
    bundle = next(b for b in fake.store.bundles.values() if b.kind == "enum")
    by_name = await yt.bundles.enum.get(bundle.name)
    assert by_name.id == bundle.id
    assert [v.name for v in by_name.values or []] == [v.name for v in bundle.values]

    added = await yt.bundles.enum.add_value(bundle.name, "Blocker")
    assert isinstance(added, EnumBundleElement)
    assert added.name == "Blocker"
    described = await yt.bundles.enum.add_value(
        bundle.id, EnumBundleElement(name="Trivial", description="cosmetic")
    )
    assert described.description == "cosmetic"
    fake.stats.reset()
    values = await yt.bundles.enum.values(bundle.name, page_size=1)
    assert [v.name for v in values][-2:] == ["Blocker", "Trivial"]
    # The name was resolved once, not once per page.
    assert [r.path for r in fake.stats.log].count("api/admin/customFieldSettings/bundles/enum") == 1
    got = await yt.bundles.enum.get_value(bundle.name, "blocker")
    assert got.id == added.id
    changed = await yt.bundles.enum.update_value(bundle.name, "Blocker", name="Showstopper")
    assert changed.name == "Showstopper"
    await yt.bundles.enum.remove_value(bundle.name, "Showstopper")
    await yt.bundles.enum.remove_value(bundle.id, described)
    assert [v.name for v in await yt.bundles.enum.values(bundle.id)] == [
        v.name for v in bundle.values
    ]
    with pytest.raises(NotFoundError, match="no value of bundle"):
        await yt.bundles.enum.get_value(bundle.id, "Nope")
    with pytest.raises(NotFoundError, match="no enum bundle named"):
        await yt.bundles.enum.get("No such bundle")
    with pytest.raises(InvalidRequestError, match="EnumBundleElement"):
        await yt.bundles.enum.add_value(bundle.id, StateBundleElement(name="x"))
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.bundles.enum.update_value(bundle.id, "x")


async def test_a_name_shaped_like_an_entity_id_is_looked_up_when_given_in_an_object(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    bundle = await yt.bundles.version.create("2024-7", values=["2024-1", "2024-2"])
    assert bundle.id is not None
    # As a str, "2024-1" is an entity id (the server has none such: 404) ...
    with pytest.raises(NotFoundError):
        await yt.bundles.version.get_value(bundle.id, "2024-1")
    # ... in an object it is a name, of a value or of the bundle itself.
    named = VersionBundleElement(name="2024-1")
    got = await yt.bundles.version.get_value(VersionBundle(name="2024-7"), named)
    assert got.name == "2024-1"
    await yt.bundles.version.remove_value(bundle.id, named)
    left = await yt.bundles.version.values(bundle.id)
    assert [v.name for v in left] == ["2024-2"]


async def test_bundle_create_sends_the_body_of_sample_025(
    sent: tuple[YouTrack, Any], fake: FakeYouTrack
) -> None:
    sample = json.loads((ground_truth() / "samples" / "025-enum-bundle-create.json").read_text())
    yt, recorder = sent
    body = sample["request_body"]
    created = await yt.bundles.enum.create(body["name"], values=[v["name"] for v in body["values"]])
    assert recorder.last == body
    assert [v.name for v in created.values or []] == ["Low", "Medium", "High"]
    await yt.bundles.enum.add_value(created.id or "", "Critical")
    assert recorder.last == {"name": "Critical", "$type": "EnumBundleElement"}


async def test_bundle_crud_for_other_kinds(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.bundles.version.create(
        "Releases", values=["1.0", VersionBundleElement(name="2.0", released=False)]
    )
    assert created.id is not None
    assert [v.name for v in created.values or []] == ["1.0", "2.0"]
    assert created.values is not None
    assert created.values[1].released is False
    renamed = await yt.bundles.version.update("Releases", name="Versions")
    assert renamed.name == "Versions"
    await yt.bundles.version.delete("Versions")
    assert created.id not in fake.store.bundles
    states = await yt.bundles.state.list()
    assert states
    assert any(v.is_resolved for s in states for v in s.values or [])
    for kind in (yt.bundles.build, yt.bundles.owned):
        fresh = await kind.create("Fresh")
        assert fresh.id is not None
        added = await kind.add_value(fresh.id, "one")
        assert added.name == "one"
        await kind.delete(fresh.id)
    with pytest.raises(InvalidRequestError, match="not one str"):
        await yt.bundles.enum.create("Bad", values="abc")
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.bundles.enum.update("x")


async def test_user_bundles(yt: YouTrack, fake: FakeYouTrack) -> None:
    bundle = next(b for b in fake.store.bundles.values() if b.kind == "user")
    listed = await yt.bundles.user.list()
    assert bundle.id in [b.id for b in listed]
    got = await yt.bundles.user.get(bundle.id)
    assert [g.name for g in got.groups or []] == [g.name for g in bundle.groups]

    added = await yt.bundles.user.add_value(bundle.id, "jane.doe")
    assert added.login == "jane.doe"
    assert [u.login for u in await yt.bundles.user.individuals.list(bundle.id)] == ["jane.doe"]
    assert added.id is not None
    assert (await yt.bundles.user.individuals.get(bundle.id, added.id)).login == "jane.doe"
    members = {u.login for u in await yt.bundles.user.aggregated_users.list(bundle.id)}
    assert "jane.doe" in members
    await yt.bundles.user.remove_value(bundle.id, added.id)
    assert await yt.bundles.user.individuals.list(bundle.id) == []

    qa = fake.store.find_group("QA")
    group = await yt.bundles.user.groups.add(bundle.id, qa.id)
    assert isinstance(group, UserGroup)
    assert group.name == "QA"
    await yt.bundles.user.groups.remove(bundle.id, qa.id)
    assert qa not in bundle.groups
    with pytest.raises(NotFoundError):
        await yt.bundles.user.groups.remove(bundle.id, qa.id)


async def test_project_administration(yt: YouTrack, fake: FakeYouTrack) -> None:
    created = await yt.admin.projects.create(body=Project(name="Backend", short_name="BE"))
    assert created.short_name == "BE"
    assert created.id is not None
    updated = await yt.admin.projects.update("BE", body={"description": "Server side"})
    assert updated.description == "Server side"
    fields = await yt.admin.projects.custom_fields.list("BE")
    assert {f.field.name for f in fields if f.field} >= {"Priority", "State"}
    priority = next(f for f in fields if f.field and f.field.name == "Priority")
    assert isinstance(priority, EnumProjectCustomField)
    assert priority.id is not None
    got = await yt.admin.projects.custom_fields.get("BE", priority.id)
    assert got.id == priority.id
    issues = await yt.admin.projects.issues.list("SP", limit=3)
    assert [i.id_readable for i in issues] == ["SP-1", "SP-2", "SP-3"]
    assert (await yt.admin.projects.issues.get("SP", "SP-2")).summary
    types = await yt.admin.projects.work_item_types.list("SP")
    assert types
    await yt.admin.projects.delete("BE")
    with pytest.raises(NotFoundError):
        await yt.admin.projects.get("BE")


async def test_a_conditional_field_reads_back_and_refuses_a_hidden_write(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    fields = {f.field.name: f for f in await yt.admin.projects.custom_fields.list("SP") if f.field}
    kind, email = fields["Type"], fields["Requester email"]
    assert isinstance(kind, EnumProjectCustomField)
    assert kind.bundle is not None
    assert kind.bundle.values is not None
    task = next(v for v in kind.bundle.values if v.name == "Task")
    assert email.condition is None
    assert email.id is not None
    body = {
        "condition": {
            "$type": "FieldBasedCondition",
            "field": {"id": kind.id},
            "values": [{"id": task.id}],
        }
    }
    updated = await yt.admin.projects.custom_fields.update("SP", email.id, body=body)
    condition = updated.condition
    assert isinstance(condition, FieldBasedCondition)
    assert condition.field is not None
    assert condition.field.id == kind.id
    assert condition.field.field is not None
    assert condition.field.field.name == "Type"
    assert [v.name for v in condition.values or []] == ["Task"]
    assert condition.show_for_null_value is False
    bug = next(
        i
        for i in fake.store.issues.values()
        if i.id_readable.startswith("SP-") and i.value_of("Type") == "Bug"
    )
    with pytest.raises(BadRequestError, match="when the value for the Type field is Task"):
        await yt.issues.update(bug.id_readable, fields={"Requester email": "a@b.c"})
    made_task = await yt.issues.update(
        bug.id_readable, fields={"Type": "Task", "Requester email": "a@b.c"}
    )
    assert made_task.fields["Requester email"] == "a@b.c"


async def test_global_settings_read_and_update(yt: YouTrack, fake: FakeYouTrack) -> None:
    everything = await yt.admin.global_settings.get()
    assert everything.system_settings is not None
    assert everything.system_settings.max_export_items == 500
    system = await yt.admin.global_settings.system.update(
        body=SystemSettings(max_export_items=1000, administrator_email="ops@example.com")
    )
    assert system.max_export_items == 1000
    again = await yt.admin.global_settings.get()
    assert again.system_settings is not None
    assert again.system_settings.administrator_email == "ops@example.com"
    everything = await yt.admin.global_settings.update(
        body={"restSettings": {"allowAllOrigins": True}}
    )
    assert everything.rest_settings is not None
    assert everything.rest_settings.allow_all_origins is True
    locale = await yt.admin.global_settings.locale.get()
    assert locale.locale is not None
    assert locale.locale.language == "en"
    appearance = await yt.admin.global_settings.appearance.get()
    assert appearance.time_zone is not None
    assert appearance.time_zone.id == "Etc/UTC"
    assert (await yt.admin.global_settings.license.get()).username
    mail = await yt.admin.global_settings.notifications.get()
    assert mail.email_settings is not None
    assert mail.email_settings.from_ == "youtrack@example.com"
    assert (await yt.admin.global_settings.rest.get()).allow_all_origins is True


async def test_backups_telemetry_time_tracking(yt: YouTrack, fake: FakeYouTrack) -> None:
    settings = await yt.admin.database_backup.settings.get()
    assert settings.files_to_keep == 3
    kept = await yt.admin.database_backup.settings.update(body={"filesToKeep": 5})
    assert kept.files_to_keep == 5
    status = await yt.admin.database_backup.status.get()
    assert status.backup_in_progress is False
    assert await yt.admin.database_backup.backups.list() == []
    telemetry = await yt.admin.telemetry.get()
    assert telemetry.online_users is not None
    assert telemetry.online_users.users == 1
    assert telemetry.started_time is not None
    tracking = await yt.admin.time_tracking.get()
    assert {t.name for t in tracking.work_item_types or []} == {
        t.name for t in fake.store.work_item_types.values()
    }
    week = await yt.admin.time_tracking.work_time.update(body={"minutesADay": 420})
    assert week.minutes_a_day == 420
    assert week.work_days == [1, 2, 3, 4, 5]


async def test_settings_need_an_administrator(fake: FakeYouTrack) -> None:
    async with YouTrack(fake.url, token=fake.token_for("jane.doe")) as jane:
        with pytest.raises(PermissionDeniedError):
            await jane.admin.telemetry.get()
        with pytest.raises(PermissionDeniedError):
            await jane.admin.global_settings.system.update(body={"maxExportItems": 1})


async def test_user_profiles(yt: YouTrack, fake: FakeYouTrack) -> None:
    jane = fake.user("jane.doe")
    general = await yt.user_profiles.general.get("me")
    assert isinstance(general, GeneralUserProfile)
    assert general.timezone is not None
    assert general.timezone.id == "Etc/UTC"
    quiet = await yt.user_profiles.notifications.update(
        jane.id, body=NotificationsUserProfile(email_notifications_enabled=False)
    )
    assert quiet.email_notifications_enabled is False
    assert (await yt.user_profiles.notifications.get(jane.id)).email_notifications_enabled is False
    timing = await yt.user_profiles.timetracking.get(jane.id)
    assert timing.period_format is not None
    assert timing.period_format.id == "HOURS_MINUTES"
    # References change by id (the fake's _state/descriptors.py says whose servers did so).
    minutes = await yt.user_profiles.timetracking.update(
        jane.id, body=TimeTrackingUserProfile(period_format=PeriodFieldFormat(id="MINUTES"))
    )
    assert minutes.period_format is not None
    assert minutes.period_format.id == "MINUTES"
    utc = await yt.user_profiles.general.update(
        "me", body=GeneralUserProfile(timezone=TimeZoneDescriptor(id="UTC"))
    )
    assert utc.timezone is not None
    assert utc.timezone.id == "Etc/UTC"
    async with YouTrack(fake.url, token=fake.token_for("jane.doe")) as as_jane:
        with pytest.raises(PermissionDeniedError):
            await as_jane.user_profiles.general.update("root", body={})
    with pytest.raises(TypeError):  # and a mypy error: tests/resources/test_agiles.py
        await yt.user_profiles.general.get()  # type: ignore[call-overload]


async def test_groups(yt: YouTrack, fake: FakeYouTrack) -> None:
    groups = await yt.groups.list()
    assert "QA" in {g.name for g in groups}
    qa = next(g for g in groups if g.name == "QA")
    assert qa.id is not None
    assert (await yt.groups.get(qa.id)).name == "QA"


async def test_search_assist(yt: YouTrack, fake: FakeYouTrack, log: Any) -> None:
    suggestions = await yt.search.assist("#Unres")
    assert "#Unresolved" in [s.option for s in suggestions.suggestions or []]
    assert suggestions.caret == len("#Unres")
    middle = await yt.search.assist("project: SP for", caret=3)
    assert middle.caret == 3
    with pytest.raises(InvalidRequestError, match="caret"):
        await yt.search.assist("abc", caret=9)
    assert log("POST") == [("POST", "api/search/assist")] * 2


async def test_issue_vcs_changes_project_and_time_tracking(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    change = await yt.issues.vcs_changes.create(
        "SP-1", body={"text": "Fix crash", "version": "abc123", "urls": ["https://git/1"]}
    )
    assert change.version == "abc123"
    assert change.id is not None
    assert [c.text for c in await yt.issues.vcs_changes.list("SP-1")] == ["Fix crash"]
    edited = await yt.issues.vcs_changes.update("SP-1", change.id, body={"text": "Fix crash!"})
    assert edited.text == "Fix crash!"
    assert (await yt.issues.vcs_changes.get("SP-1", change.id)).urls == ["https://git/1"]
    await yt.issues.vcs_changes.delete("SP-1", change.id)
    assert await yt.issues.vcs_changes.list("SP-1") == []

    fake.add_work_item("SP-2", 30)
    tracking = await yt.issues.time_tracking.get("SP-2")
    assert tracking.enabled is False  # as its project's settings (off until turned on)
    await yt.admin.projects.time_tracking.update("SP", body={"enabled": True})
    tracking = await yt.issues.time_tracking.get("SP-2")
    assert tracking.enabled is True
    assert [w.duration.minutes for w in tracking.work_items or [] if w.duration][-1] == 30

    project = await yt.issues.project.get("SP-3")
    assert project.short_name == "SP"
    moved = await yt.issues.project.move("SP-3", "DEMO")
    assert moved.short_name == "DEMO"
    issue = fake.store.issues_by_readable["SP-3"]
    assert issue.project.short_name == "DEMO"
    assert (await yt.issues.project.get(issue.id_readable)).short_name == "DEMO"
    back = await yt.issues.project.update(issue.id, body={"id": fake.project("SP").id})
    assert back.short_name == "SP"

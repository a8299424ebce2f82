"""Attributes the spec declares that FakeYouTrack derives from its state or answers as
a fresh server would: an issue's watchers and voters, a user's profiles and a custom
field's defaults (a projection asking for them gets them, as from a real server)."""

from __future__ import annotations

from typing import Any

from aioyoutrack.testing import FakeYouTrack


async def test_an_issue_has_no_watchers_or_voters(api: Any) -> None:
    fields = (
        "id,watchers(hasStar,issueWatchers,duplicateWatchers),voters(hasVote,original,duplicate)"
    )
    reply = await api.get("api/issues/SP-2", fields=fields)
    assert reply.status == 200
    assert reply.body["watchers"] == {
        "hasStar": False,
        "issueWatchers": [],
        "duplicateWatchers": [],
        "$type": "IssueWatchers",
    }
    assert reply.body["voters"] == {
        "hasVote": False,
        "original": [],
        "duplicate": [],
        "$type": "IssueVoters",
    }


async def test_a_user_has_the_profiles_its_profile_resources_serve(
    api: Any, fake: FakeYouTrack
) -> None:
    fields = (
        "id,profiles(general(timezone(id),locale(id)),notifications(autoWatchOnCreate),"
        "timetracking(periodFormat(id)))"
    )
    reply = await api.get("api/users/me", fields=fields)
    assert reply.status == 200
    assert reply.body["profiles"] == {
        "general": {
            "timezone": {"id": "Etc/UTC", "$type": "TimeZoneDescriptor"},
            "locale": {"id": "en_US", "$type": "LocaleDescriptor"},
            "$type": "GeneralUserProfile",
        },
        "notifications": {"autoWatchOnCreate": True, "$type": "NotificationsUserProfile"},
        "timetracking": {
            "periodFormat": {"id": "HOURS_MINUTES", "$type": "PeriodFieldFormat"},
            "$type": "TimeTrackingUserProfile",
        },
        "$type": "UserProfiles",
    }
    me = fake.user("root")
    changed = await api.post(
        f"api/users/{me.id}/profiles/notifications", {"autoWatchOnCreate": False}
    )
    assert changed.status == 200
    again = await api.get(f"api/users/{me.id}", fields="profiles(notifications(autoWatchOnCreate))")
    assert again.body["profiles"]["notifications"]["autoWatchOnCreate"] is False


async def test_a_field_has_its_defaults(api: Any, fake: FakeYouTrack) -> None:
    priority = fake.store.find_field("Priority")
    path = f"api/admin/customFieldSettings/customFields/{priority.id}"
    reply = await api.get(path, fields="id,fieldDefaults(id,canBeEmpty)")
    assert reply.body == {
        "id": priority.id,
        "fieldDefaults": {
            "id": priority.id,
            "canBeEmpty": True,
            "$type": "EnumBundleCustomFieldDefaults",
        },
        "$type": "CustomField",
    }
    await api.post(f"{path}/fieldDefaults", {"canBeEmpty": False, "emptyFieldText": "Unset"})
    fields = "fieldDefaults(canBeEmpty,emptyFieldText,isPublic,bundle(name),defaultValues(name))"
    again = await api.get(path, fields=fields)
    # The bundle and default values are those of the field's first project.
    first = priority.instances[0]
    assert first.bundle is not None
    assert again.body["fieldDefaults"] == {
        "canBeEmpty": False,
        "emptyFieldText": "Unset",
        "isPublic": True,
        "bundle": {"name": first.bundle.name, "$type": "EnumBundle"},
        "defaultValues": [
            {"name": v.name, "$type": "EnumBundleElement"} for v in first.default_values
        ],
        "$type": "EnumBundleCustomFieldDefaults",
    }
    served = await api.get(f"{path}/fieldDefaults", fields="canBeEmpty")
    assert served.body == {"canBeEmpty": False, "$type": "EnumBundleCustomFieldDefaults"}


async def test_defaults_take_the_type_of_the_field_kind(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.get(
        "api/admin/customFieldSettings/customFields",
        fields="fieldType(id),fieldDefaults(bundle(id),defaultValues(id))",
        **{"$top": "100"},
    )
    by_kind = {f["fieldType"]["id"]: f["fieldDefaults"] for f in reply.body}
    assert by_kind["state[1]"]["$type"] == "StateBundleCustomFieldDefaults"
    assert by_kind["user[1]"]["$type"] == "UserCustomFieldDefaults"
    assert "bundle" in by_kind["user[1]"]
    # Simple fields have CustomFieldDefaults, which has neither bundle nor values.
    assert by_kind["date"] == {"$type": "CustomFieldDefaults"}


async def test_a_field_in_no_project_has_no_default_bundle(api: Any) -> None:
    created = await api.post(
        "api/admin/customFieldSettings/customFields",
        {"name": "Component", "fieldType": {"id": "enum[1]"}},
        fields="id",
    )
    reply = await api.get(
        f"api/admin/customFieldSettings/customFields/{created.body['id']}",
        fields="fieldDefaults(bundle,defaultValues)",
    )
    assert reply.body["fieldDefaults"] == {
        "bundle": None,
        "defaultValues": [],
        "$type": "EnumBundleCustomFieldDefaults",
    }


async def test_text_activities_have_their_markup(api: Any) -> None:
    await api.post("api/issues/SP-1", {"description": "now *bold*"})
    await api.post("api/issues/SP-1/comments", {"text": "a comment"})
    reply = await api.get(
        "api/issues/SP-1/activities",
        categories="DescriptionCategory,CommentsCategory",
        fields="added(id),markup,authorGroup",
    )
    description, comment = reply.body[-2:]
    assert description["markup"] == "now <strong>bold</strong>"
    # A comment activity has an author group (none in the fake), no markup.
    assert comment["authorGroup"] is None
    assert "markup" not in comment
    assert "authorGroup" not in description

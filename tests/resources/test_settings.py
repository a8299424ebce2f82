"""Settings-like objects: one typed generic (Settings, EditableSettings, OwnedSettings)."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.models.admin_settings import SystemSettings
from aioyoutrack.resources import ROUTES
from aioyoutrack.resources.settings import EditableSettings, OwnedSettings, Settings
from aioyoutrack.testing import FakeYouTrack


def test_declaring_a_settings_class_records_its_routes() -> None:
    class Probe(EditableSettings[SystemSettings]):
        """A probe."""

        __slots__ = ()
        path = "/admin/globalSettings/systemSettings"
        model = SystemSettings

    prefix = Probe.__qualname__ + "."
    try:
        mine = [(r.method, r.path) for r in ROUTES if r.qualname.startswith(prefix)]
        assert mine == [("GET", Probe.path), ("POST", Probe.path)]
    finally:
        ROUTES[:] = [r for r in ROUTES if not r.qualname.startswith(prefix)]


def test_read_only_settings_have_no_update(fake: FakeYouTrack) -> None:
    client = YouTrack(fake.url, token=fake.token)
    for read_only in (client.admin.telemetry, client.admin.database_backup.status):
        assert isinstance(read_only, Settings)
        assert not isinstance(read_only, EditableSettings)
        assert not hasattr(read_only, "update")
    assert isinstance(client.admin.projects.time_tracking, OwnedSettings)
    assert isinstance(client.custom_fields.defaults, OwnedSettings)


async def test_owned_settings_read_with_a_model_and_refuse_a_bad_one(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    @attrs.define(kw_only=True)
    class Zone:
        timezone: dict[str, str] | None = None

    got = await yt.user_profiles.general.get("me", model=Zone)
    assert isinstance(got, Zone)
    assert fake.stats.log[-1].query["fields"] == "timezone"
    with pytest.raises(InvalidRequestError, match="owner_id must not be empty"):
        await yt.user_profiles.general.get(" ")
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.admin.global_settings.get(model=dict)  # type: ignore[type-var]
    with pytest.raises(InvalidRequestError, match="body"):
        await yt.admin.global_settings.system.update(body="x")
    assert fake.stats.requests == 1

"""``GET /api/config``: the version, to anyone (``_routes/config.py`` cites who relies
on it)."""

from __future__ import annotations

from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack


@pytest.mark.parametrize("token", ["root", None])
async def test_the_version_is_served_without_credentials(
    api: Any, fake: FakeYouTrack, token: str | None
) -> None:
    caller = api if token else api.as_user(None)
    reply = await caller.get("api/config", fields="version,build")
    assert reply.status == 200, reply.body
    assert reply.body == {"version": "2025.3", "$type": "FrontendConfig"}


async def test_without_fields_only_the_type_comes_back(api: Any) -> None:
    assert (await api.get("api/config")).body == {"$type": "FrontendConfig"}

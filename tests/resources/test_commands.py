"""``yt.commands``: what the converted declaration adds (``model=`` on ``apply``); the
rest of the behaviour is tested in ``test_res_commands.py``."""

from __future__ import annotations

import attrs
import pytest

from aioyoutrack import YouTrack
from aioyoutrack.errors import InvalidRequestError
from aioyoutrack.testing import FakeYouTrack


@attrs.define(kw_only=True)
class _Parsed:
    query: str | None = None


async def test_apply_structures_the_answer_into_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    result = await yt.commands.apply("State Fixed", issues=["SP-3"], model=_Parsed)
    assert result == _Parsed(query="State Fixed")
    assert fake.stats.log[-1].query["fields"] == "query"
    assert fake.issue("SP-3").value_of("State") == "Fixed"


async def test_apply_refuses_a_bad_model_before_sending(yt: YouTrack, fake: FakeYouTrack) -> None:
    with pytest.raises(InvalidRequestError, match="model must be an attrs class"):
        await yt.commands.apply("State Fixed", issues=["SP-3"], model=dict)  # type: ignore[type-var]
    assert fake.stats.requests == 0

"""Caller mistakes are InvalidRequestError, refused before anything is sent.

Each case here raised a foreign exception (TypeError, ValueError) or was sent to the
server although the same mistake written another way was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from aioyoutrack import CustomFieldError, InvalidRequestError, Issue, YouTrack
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]


def _writes(fake: FakeYouTrack) -> list[Any]:
    return [r for r in fake.stats.log if r.method != "GET"]


@pytest.mark.parametrize("model", [Issue(), [Issue], "Issue", 3])
async def test_a_model_that_is_not_a_class_is_refused(
    fake: FakeYouTrack, client_factory: ClientFactory, model: Any
) -> None:
    yt = client_factory(fake.url, token=fake.token)
    with pytest.raises(InvalidRequestError, match="model must be a class"):
        await yt.request("GET", "api/issues/SP-1", model=model)
    assert fake.stats.requests == 0


async def test_a_params_integer_too_long_to_write_is_refused(
    fake: FakeYouTrack, client_factory: ClientFactory
) -> None:
    yt = client_factory(fake.url, token=fake.token)
    with pytest.raises(InvalidRequestError, match=r"'\$top'.*too large"):
        await yt.request("GET", "api/issues", params={"$top": 10**5000})
    with pytest.raises(InvalidRequestError, match="too large"):
        await yt.request("GET", "api/issues", params={"ids": [1, 10**5000]})
    assert fake.stats.requests == 0


@pytest.mark.parametrize(
    "value",
    [
        "99999999999w",
        "3000000000m",
        "40000000h",
        "1w 1d 35791394h 8m",  # one minute more than YouTrack keeps, however long a day
        2**31,
        timedelta(minutes=2**31),
    ],
)
async def test_a_period_longer_than_youtrack_keeps_is_refused_however_written(
    fake: FakeYouTrack, client_factory: ClientFactory, value: Any
) -> None:
    yt = client_factory(fake.url, token=fake.token)
    with pytest.raises(CustomFieldError, match="Estimation"):
        await yt.issues.update("SP-1", fields={"Estimation": value})
    with pytest.raises(InvalidRequestError, match="duration"):
        await yt.issues.work_items.add("SP-1", value)
    assert _writes(fake) == []


@pytest.mark.parametrize("value", ["2147483647m", "1w 2d 3h 4m", "9999w"])
async def test_periods_within_the_bound_are_sent(
    fake: FakeYouTrack, client_factory: ClientFactory, value: str
) -> None:
    yt = client_factory(fake.url, token=fake.token)
    await yt.issues.work_items.add("SP-1", value)
    assert len(_writes(fake)) == 1


@pytest.mark.parametrize("flag", ["yes", "no", 1, 0])
async def test_idempotent_must_be_a_bool(
    fake: FakeYouTrack, client_factory: ClientFactory, flag: Any
) -> None:
    # "no" is truthy: taken as given, a write would be resent after a 500.
    yt = client_factory(fake.url, token=fake.token)
    with pytest.raises(InvalidRequestError, match="idempotent must be a bool"):
        await yt.request("POST", "api/issues", json={}, idempotent=flag)
    assert fake.stats.requests == 0

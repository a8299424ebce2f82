"""The configuration object: one frozen value, checked by one function per setting,
with one positive-number check shared by every positive setting."""

from __future__ import annotations

import math

import aiohttp
import attrs
import pytest

from aioyoutrack import ConfigurationError, InvalidRequestError, YouTrack
from aioyoutrack._config import Config, positive, to_timeout


def test_the_client_keeps_its_settings_in_one_frozen_config() -> None:
    yt = YouTrack("https://host", "perm:x", max_concurrency=3, max_response_bytes=10)
    config = yt._config
    assert isinstance(config, Config)
    assert (config.max_concurrency, config.max_response_bytes) == (3, 10)
    assert (yt.max_concurrency, yt.max_response_bytes) == (3, 10)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.max_concurrency = 4  # type: ignore[misc]
    assert "perm:x" not in repr(config)


@pytest.mark.parametrize("value", [0, -1, True, math.inf, math.nan, "3", None])
def test_positive_refuses_what_is_not_a_positive_finite_number(value: object) -> None:
    with pytest.raises(ConfigurationError, match=r"^limit must be a positive, finite number"):
        positive("limit", value)


def test_positive_accepts_numbers_and_ints_only_when_asked() -> None:
    assert positive("limit", 2.5) == 2.5
    assert positive("limit", 10**400, integer=True) == 10**400  # no float overflow
    with pytest.raises(InvalidRequestError, match="an int"):
        positive("limit", 2.5, integer=True, expected="an int", error=InvalidRequestError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_concurrency": 0}, "max_concurrency must be a positive int, got 0"),
        ({"max_concurrency": 2.0}, "max_concurrency must be a positive int, got 2.0"),
        ({"max_response_bytes": True}, "max_response_bytes must be a positive int"),
        ({"timeout": math.inf}, "timeout must be a positive, finite number of seconds"),
        ({"timeout": aiohttp.ClientTimeout(connect=-1)}, "timeout.connect must be"),
    ],
)
def test_every_positive_setting_is_refused_by_the_same_check(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        YouTrack("https://host", "perm:x", **kwargs)  # type: ignore[arg-type]


def test_a_per_call_timeout_is_an_invalid_request_not_a_configuration_error() -> None:
    default = aiohttp.ClientTimeout(total=5, connect=1)
    assert to_timeout(2, default).connect == 1
    with pytest.raises(InvalidRequestError, match="ClientTimeout\\(total=None\\)"):
        to_timeout(0, default)

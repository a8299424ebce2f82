"""Whether this machine has a time zone: Windows and slim containers may have no
time-zone database, and tests that need one are skipped there with that reason."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

__all__ = ["has_zone", "need_zone"]


def has_zone(name: str) -> bool:
    """Whether ``zoneinfo`` finds the time zone ``name``."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def need_zone(name: str) -> None:
    """Skip the calling test, saying why, when the machine lacks the time zone ``name``."""
    if not has_zone(name):
        pytest.skip(f"this machine has no time-zone database (zoneinfo finds no {name})")

"""How the examples connect: to ``YOUTRACK_URL``/``YOUTRACK_TOKEN`` when set, else to an
embedded FakeYouTrack with demo data, so every example runs with no set-up.

Your own code only needs the first branch: ``async with YouTrack() as yt:`` reads the
same two environment variables.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aioyoutrack import YouTrack


@asynccontextmanager
async def open_youtrack(**options: Any) -> AsyncIterator[YouTrack]:
    """A client of ``YOUTRACK_URL`` (or of a fresh FakeYouTrack); ``options`` go to
    :class:`YouTrack` (``max_concurrency=``, ``retry=``, ...)."""
    if os.environ.get("YOUTRACK_URL"):
        async with YouTrack(**options) as yt:
            yield yt
        return
    from aioyoutrack.testing import FakeYouTrack

    async with FakeYouTrack(seed="demo") as fake:
        print(f"(YOUTRACK_URL is not set: using a FakeYouTrack at {fake.url})", file=sys.stderr)
        async with YouTrack(fake.url, token=fake.token, **options) as yt:
            yield yt

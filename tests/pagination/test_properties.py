"""Pager invariants over random sizes, limits, windows, totals and completion orders."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from aioyoutrack._constants import DEFAULT_PREFETCH
from aioyoutrack._pagination import Pager


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 120),
    page_size=st.integers(1, 30),
    limit=st.none() | st.integers(0, 150),
    prefetch=st.none() | st.integers(1, 5),
    total_mode=st.sampled_from(["none", "exact", "callable", "unknown", "low", "high"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_pager_invariants(
    n: int,
    page_size: int,
    limit: int | None,
    prefetch: int | None,
    total_mode: str,
    seed: int,
) -> None:
    items = list(range(n))
    rng = random.Random(seed)
    calls: list[tuple[int, int]] = []
    in_flight = 0
    max_in_flight = 0

    async def fetch(skip: int, top: int) -> list[int]:
        nonlocal in_flight, max_in_flight
        calls.append((skip, top))
        in_flight += 1
        max_in_flight = max(max_in_flight, in_flight)
        try:
            # Yield a random number of times so pages complete in shuffled orders.
            for _ in range(rng.randrange(4)):
                await asyncio.sleep(0)
            return items[skip : skip + top]
        finally:
            in_flight -= 1

    async def count() -> int:
        return n

    total: int | Callable[[], Awaitable[int]] | None = {
        "none": None,
        "exact": n,
        "callable": count,
        "unknown": -1,
        "low": max(0, n - 7),
        "high": n + 7,
    }[total_mode]
    pager = Pager(fetch, page_size=page_size, limit=limit, prefetch=prefetch, total=total)
    got = asyncio.run(_collect(pager))

    wanted = n if limit is None else min(n, limit)
    # Whatever the count said, every item comes back.
    assert got == items[:wanted]
    assert len(set(calls)) == len(calls)
    for skip, top in calls:
        assert skip % page_size == 0
        assert 1 <= top <= page_size
        if limit is not None:
            assert skip + top <= limit
    known = total_mode in ("exact", "callable", "low", "high")
    window = prefetch or (DEFAULT_PREFETCH if known else 1)
    assert max_in_flight <= window
    if limit == 0:
        assert calls == []
        return
    if not known and prefetch is None:
        # Strictly sequential: exactly the pages needed, plus one that comes back short.
        pages = ceil_div(wanted, page_size) if wanted == limit else n // page_size + 1
        assert calls == [
            (i * page_size, min(page_size, (limit or 10**9) - i * page_size)) for i in range(pages)
        ]
    if total_mode in ("exact", "callable"):
        # The pages needed, plus one when the last counted page came back full (the
        # count is not trusted to end the list), unless the limit ended it.
        needed = ceil_div(wanted, page_size) if wanted == limit else n // page_size + 1
        assert len(calls) == needed


async def _collect(pager: Pager[int]) -> list[int]:
    return await pager

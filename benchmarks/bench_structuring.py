"""Structuring: a 100-issue page with every custom-field kind, bytes to objects.

The page is what ``GET /api/issues?fields=<Issue's projection>&$top=100`` returns
from the demo seed (three projects: enum, state, user, group, version, build, owned,
period, date, text and simple fields, single and multi-value). In one process, each
round times every side over the same bytes:

- ``json.loads``: the standard library, bytes to dicts (the floor);
- ``aioyoutrack``: what the client does with a response body: its JSON backend
  (orjson when installed, as with the ``fast`` extra) + ``structure(data, list[Issue])``;
- ``aioyoutrack (stdlib json)``: the same with ``json.loads`` (without the extra);
- ``pydantic``: ``TypeAdapter(list[Issue]).validate_json`` with pydantic v2 models of
  the same shape (``_pydantic_models.py``).

Client CPU time (``time.process_time``) per issue, with the garbage collector paused
while timing (as ``timeit`` does); medians of interleaved rounds; the ratio is the
median of per-round ratios against ``json.loads``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

import aiohttp
from _common import Report, fake_server, log, median, parse_args, reporting, spread

from aioyoutrack import _json
from aioyoutrack._convert import structure
from aioyoutrack._fields import fields_for
from aioyoutrack.models import Issue

ISSUES = 100


async def fetch_page() -> bytes:
    """The bytes of one 100-issue page with the library's default Issue projection."""
    with fake_server(seed="demo") as server:
        projection = quote(fields_for(Issue), safe="$,()/:@")
        url = f"{server.url}api/issues?fields={projection}&$top={ISSUES}"
        headers = {"Authorization": f"Bearer {server.token}", "Accept": "application/json"}
        async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
            r.raise_for_status()
            return await r.read()


def sides(page: bytes) -> dict[str, Callable[[], Any]]:
    many: Any = list[Issue]
    found: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(page),
        "aioyoutrack": lambda: structure(_json.loads(page), many),
        "aioyoutrack (stdlib json)": lambda: structure(json.loads(page), many),
    }
    if _json.BACKEND == "orjson":
        import orjson

        found["orjson.loads"] = lambda: orjson.loads(page)
    try:
        from _pydantic_models import IssuePage
    except ImportError:
        log("structuring: pydantic is not installed; its column is left out")
    else:
        found["pydantic validate_json"] = lambda: IssuePage.validate_json(page)
    return found


def check_same(page: bytes) -> str:
    """Both libraries read the page alike (so neither side skips work)."""
    ours = structure(_json.loads(page), list[Issue])
    summary = [(i.id_readable, len(i.custom_fields or ()), i.fields.get("State")) for i in ours]
    values = sum(cf.value is not None for i in ours for cf in i.custom_fields or ())
    try:
        from _pydantic_models import IssuePage
    except ImportError:
        return f"{len(ours)} issues, {values} custom-field values"
    theirs = IssuePage.validate_json(page)
    other = [
        (
            i.id_readable,
            len(i.custom_fields or ()),
            next((cf.value.name for cf in i.custom_fields or () if cf.name == "State"), None),  # type: ignore[union-attr]
        )
        for i in theirs
    ]
    other_values = sum(cf.value is not None for i in theirs for cf in i.custom_fields or ())
    if summary != other or values != other_values:
        raise RuntimeError("aioyoutrack and pydantic read the page differently")
    return f"{len(ours)} issues, {values} custom-field values, read alike by both"


def per_issue_us(run: Callable[[], Any], repeat: int) -> float:
    # As timeit does: no garbage collection inside the timed loop. Collections cost in
    # proportion to everything else alive in the process, which is not what is compared.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(repeat):
            run()
        return (time.process_time() - start) / repeat / ISSUES * 1e6
    finally:
        gc.enable()


def measure(report: Report, page: bytes, rounds: int, repeat: int) -> None:
    runs = sides(page)
    for run in runs.values():  # warm-up: generated hooks, pydantic's validators
        for _ in range(3):
            run()
    us: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            us[name].append(per_issue_us(runs[name], repeat))
    floor = us["json.loads"]
    rows = []
    for name in names:
        ratios = [x / f for x, f in zip(us[name], floor, strict=True)]
        rows.append(
            [
                f"`{name}`",
                f"{median(us[name]):.1f}",
                f"**{median(ratios):.2f}x** ({spread(ratios)})",
            ]
        )
    report.table(
        f"Structuring a {ISSUES}-issue page ({len(page) // 1024} KiB, every custom-field "
        "kind): CPU per issue",
        ["bytes → objects", "µs/issue", "vs `json.loads`"],
        rows,
    )
    ours = median([x / f for x, f in zip(us["aioyoutrack"], floor, strict=True)])
    report.check(
        "structuring vs json.loads (aioyoutrack, default backend)", ours, 1.5, at_least=False
    )
    if "pydantic validate_json" in us:
        theirs = median(
            [a / p for a, p in zip(us["aioyoutrack"], us["pydantic validate_json"], strict=True)]
        )
        report.check(
            "structuring vs pydantic validate_json (ratio < 1: faster)", theirs, 1.0, at_least=False
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(__doc__ or "", argv)
    rounds = args.rounds or (11 if args.quick else 31)
    repeat = 3 if args.quick else 5
    report = Report("structuring", "Structuring")
    with reporting(report, args.json):
        page = asyncio.run(fetch_page())
        shape = check_same(page)
        log(f"structuring: {shape}; JSON backend {_json.BACKEND}")
        measure(report, page, rounds, repeat)
        report.note(
            f"The page: {shape}. aioyoutrack's JSON backend here: `{_json.BACKEND}`. "
            "CPU time of the benchmark process per issue, bytes in, objects out."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

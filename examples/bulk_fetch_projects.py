"""Every project and its number of unresolved issues, fetched concurrently.

    python examples/bulk_fetch_projects.py [--concurrency N]

One count request per project, all started at once; the client's ``max_concurrency``
keeps at most N of them in flight (the rest wait for a slot, none is refused).
"""

from __future__ import annotations

import argparse
import asyncio

from _connect import open_youtrack

from aioyoutrack import Project, YouTrack


async def unresolved_per_project(yt: YouTrack) -> list[tuple[Project, int]]:
    """(project, unresolved issue count) for every project, in the server's order."""
    projects = await yt.projects.list()
    counts = await asyncio.gather(
        *(yt.issues.count(f"project: {p.short_name} #Unresolved") for p in projects)
    )
    return list(zip(projects, counts, strict=True))


async def main(concurrency: int = 8) -> list[tuple[Project, int]]:
    """Connect with at most ``concurrency`` requests in flight, fetch, print a table."""
    async with open_youtrack(max_concurrency=concurrency) as yt:
        rows = await unresolved_per_project(yt)
    width = max((len(p.name or "") for p, _ in rows), default=7)
    print(f"{'Project':<{width}}  Key     Unresolved")
    for project, unresolved in rows:
        print(f"{project.name or '':<{width}}  {project.short_name or '':<6}  {unresolved:>10}")
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8, help="most requests in flight")
    asyncio.run(main(parser.parse_args().concurrency))

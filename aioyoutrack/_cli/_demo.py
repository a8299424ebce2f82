"""``aioyoutrack demo``: the client against an embedded FakeYouTrack, with figures."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import AsyncExitStack
from datetime import datetime

import attrs

from ..client import YouTrack
from ..models import IssueCustomField, Project, User
from ._connect import ConnectOptions, make_client, start_fake
from ._errors import UsageError
from ._format import cell
from ._ui import Column, Ui

__all__ = ["DemoIssue", "ProjectSummary", "run_demo", "summarize"]

_COLUMNS = (
    Column("Project"),
    Column("Issues", numeric=True),
    Column("Unresolved", numeric=True),
    Column("Top assignee"),
)


@attrs.define(kw_only=True, slots=True)
class DemoIssue:
    """The slice of an issue the summary needs: also its ``fields=`` projection
    (``idReadable,resolved,customFields(...)``), so nothing else is transferred."""

    id_readable: str | None = None
    resolved: datetime | None = None
    custom_fields: list[IssueCustomField] | None = None

    @property
    def assignee(self) -> User | None:
        """The ``Assignee`` field's user, if set."""
        for field in self.custom_fields or ():
            if field.name == "Assignee" and isinstance(field.plain_value, User):
                return field.plain_value
        return None


@attrs.frozen(kw_only=True)
class ProjectSummary:
    """One row of the demo table."""

    project: str
    issues: int
    unresolved: int
    assignees: Counter[str]

    def row(self) -> list[str]:
        """The row's cells: project, issues, unresolved, top assignee with their count."""
        top = self.assignees.most_common(1)
        who = f"{top[0][0]} ({top[0][1]})" if top else "-"
        return [self.project, str(self.issues), str(self.unresolved), who]


def summarize(label: str, issues: Sequence[DemoIssue]) -> ProjectSummary:
    """Count issues, unresolved ones, and assigned issues per assignee."""
    assignees: Counter[str] = Counter()
    for issue in issues:
        user = issue.assignee
        if user is not None:
            assignees[cell(user)] += 1
    return ProjectSummary(
        project=label,
        issues=len(issues),
        unresolved=sum(1 for i in issues if i.resolved is None),
        assignees=assignees,
    )


async def _fetch_project(yt: YouTrack, project: Project, page_size: int) -> ProjectSummary:
    query = f"project: {project.short_name}"
    # Up to the client's whole concurrency per project: its throttle bounds the total.
    pager = yt.issues.search(
        query,
        model=DemoIssue,
        page_size=page_size,
        custom_fields=["Assignee"],
        prefetch=yt.max_concurrency,
    )
    issues = await pager
    return summarize(f"{project.name} ({project.short_name})", issues)


async def _gather(calls: Sequence[asyncio.Future[ProjectSummary]]) -> list[ProjectSummary]:
    try:
        return list(await asyncio.gather(*calls))
    except BaseException:
        for call in calls:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)
        raise


async def run_demo(args: argparse.Namespace, ui: Ui, options: ConnectOptions) -> None:
    """Start the fake, fetch everything concurrently through the client, print the
    table and one line of figures (measured at the fake: what reached the server)."""
    if options.url is not None or options.token is not None:
        raise UsageError(
            "demo always runs against the embedded FakeYouTrack: leave out --url and --token"
        )
    async with AsyncExitStack() as stack:
        fake = await start_fake(stack, issues=args.issues, latency=args.latency)
        yt = await stack.enter_async_context(make_client(fake.url, fake.token, options))
        fake.stats.reset()
        started = time.perf_counter()
        projects = await yt.projects.list()
        summaries = await _gather(
            [asyncio.ensure_future(_fetch_project(yt, p, args.page_size)) for p in projects]
        )
        elapsed = time.perf_counter() - started
        requests, peak = fake.stats.requests, fake.stats.max_in_flight
        expected = len(fake.store.issues)
    everything = ProjectSummary(
        project="All projects",
        issues=sum(s.issues for s in summaries),
        unresolved=sum(s.unresolved for s in summaries),
        assignees=sum((s.assignees for s in summaries), Counter()),
    )
    rows = [s.row() for s in summaries] + [everything.row()]
    ui.table(_COLUMNS, rows, title="FakeYouTrack demo data, fetched through aioyoutrack")
    rate = requests / elapsed if elapsed > 0 else 0.0
    ui.line(
        f"{requests} requests in {elapsed:.2f} s = {rate:,.0f} requests/s, "
        f"at most {peak} in flight (limit {yt.max_concurrency}); "
        f"{everything.issues} of {expected} issues in {len(projects)} projects; "
        f"simulated latency {args.latency * 1000:.0f} ms per request"
    )

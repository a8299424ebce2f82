"""The soak: thousands of mixed calls against FakeYouTrack under injected faults, then a
reconciliation of what the client saw against what the fake holds and logged.

Shared by the CI-sized test (``test_soak.py``, through the ``soak`` fixture) and the
full-size run by hand (``python benchmarks/soak.py``); both load this file by path.

What it checks (each broken rule is one line in ``SoakReport.problems``):

- every read succeeds; every failure is a ``YouTrackError``;
- a create/comment the client saw succeed exists exactly once in the fake; one that
  failed with ``may_have_been_applied=True`` exists at most once; with ``False``, never;
- an update the client saw succeed is the issue's summary, recorded once in its history;
  one that failed with ``False`` left the issue untouched;
- per kind of write, the requests the fake received that it did not refuse up front
  (an injected 503) number exactly the writes that were not refused every time: a write
  is never *sent* twice, whether or not the second send would have been visible;
- attempts in flight never exceed ``max_concurrency``, at the server or in the client,
  and no slot is still held once every call has ended.

Calls go through the public resources: ``yt.issues.get/search``, ``yt.users.me``,
``yt.projects.get``, ``yt.issues.create/update`` and ``yt.issues.comments.add``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from aioyoutrack import RetryPolicy, YouTrack, YouTrackError
from aioyoutrack.testing import FakeYouTrack, Fault

__all__ = ["SoakConfig", "SoakReport", "run_soak"]

READ, CREATE, UPDATE, COMMENT = "read", "create", "update", "comment"
_WRITES = (CREATE, UPDATE, COMMENT)
_SOAK_PROJECT = "SOAK"


@dataclass(frozen=True)
class SoakConfig:
    """One soak run: size, concurrency, fault rates and the client's retry policy."""

    calls: int = 5000
    max_concurrency: int = 32
    seed: int = 2024
    #: Share of calls per kind (reads, creates, updates, comments); the rest are reads.
    creates: float = 0.2
    updates: float = 0.15
    comments: float = 0.15
    #: Fault rates per request (each request draws for each fault in turn).
    p_503: float = 0.05
    p_500: float = 0.02
    p_drop: float = 0.01
    p_slow: float = 0.01
    slow_delay: float = 0.2
    #: What the injected 503s carry as ``Retry-After`` (seconds).
    retry_after: float = 0.0
    retry: RetryPolicy = field(
        default_factory=lambda: RetryPolicy(
            max_retries=8,
            backoff_initial=0.01,
            backoff_max=0.2,
            max_retry_after=5.0,
            deadline=120.0,
        )
    )
    #: Seconds per attempt; well above ``slow_delay`` so slow answers are not timeouts.
    timeout: float = 30.0


@dataclass
class _Call:
    kind: str
    #: The unique summary/text of a write, or a label of the read.
    text: str
    #: The issue an update or comment goes to.
    target: str | None = None
    result: Any = None
    error: BaseException | None = None


@dataclass
class SoakReport:
    """What a soak did and what it found; ``problems`` is empty when every rule held."""

    config: SoakConfig
    calls_by_kind: Counter[str]
    ok_by_kind: Counter[str]
    #: ``"ServerError(may_have_been_applied=True)"`` -> count.
    failures: Counter[str]
    requests: int
    retries: int
    max_in_flight_server: int
    max_in_flight_client: int
    fault_hits: dict[str, int]
    wall_time: float
    problems: list[str]

    def summary(self) -> str:
        """The figures, one per line, for humans and benchmarks/RESULTS.md."""
        failed = sum(self.failures.values())
        lines = [
            f"calls: {sum(self.calls_by_kind.values())} "
            + " ".join(f"{k}={self.calls_by_kind[k]}" for k in (READ, *_WRITES)),
            f"succeeded: {sum(self.ok_by_kind.values())} "
            + " ".join(f"{k}={self.ok_by_kind[k]}" for k in (READ, *_WRITES)),
            f"failed: {failed}",
            *(f"  {name}: {n}" for name, n in sorted(self.failures.items())),
            f"requests at the server: {self.requests}",
            f"retries: {self.retries}",
            "faults injected: " + ", ".join(f"{k}={v}" for k, v in self.fault_hits.items()),
            f"max in flight: server {self.max_in_flight_server}, client "
            f"{self.max_in_flight_client} (limit {self.config.max_concurrency})",
            f"wall time: {self.wall_time:.2f} s "
            f"({sum(self.calls_by_kind.values()) / self.wall_time:.0f} calls/s)",
            f"problems: {len(self.problems)}",
            *(f"  {p}" for p in self.problems[:20]),
        ]
        return "\n".join(lines)


class _RetryCounter(logging.Handler):
    """Counts the client's INFO "retrying ..." records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("retrying "):
            self.count += 1


def _add_faults(fake: FakeYouTrack, config: SoakConfig) -> dict[str, Fault]:
    faults = fake.faults
    faults.seed(config.seed)
    half_500, half_drop = config.p_500 / 2, config.p_drop / 2
    return {
        "503": faults.add(
            "api/*", status=503, retry_after=config.retry_after, probability=config.p_503
        ),
        # Half before the handler (nothing done), half after it (the write is applied,
        # then the answer is lost): the client cannot tell the two apart.
        "500-before": faults.add("api/*", status=500, probability=half_500),
        "500-after": faults.add("api/*", status=500, when="after", probability=half_500),
        "drop-before": faults.add("api/*", drop_connection="before", probability=half_drop),
        "drop-after": faults.add("api/*", drop_connection="after", probability=half_drop),
        "slow": faults.add("api/*", delay=config.slow_delay, probability=config.p_slow),
    }


def _plan(config: SoakConfig, rng: random.Random) -> list[str]:
    kinds = []
    for _ in range(config.calls):
        x = rng.random()
        if x < config.creates:
            kinds.append(CREATE)
        elif x < config.creates + config.updates:
            kinds.append(UPDATE)
        elif x < config.creates + config.updates + config.comments:
            kinds.append(COMMENT)
        else:
            kinds.append(READ)
    return kinds


class _Ops:
    """The calls of the soak, through the client's public resources."""

    def __init__(self, yt: YouTrack, project_id: str) -> None:
        self.yt = yt
        # The entity id, so a create is exactly one request (a short name would need
        # the project looked up first).
        self.project_id = project_id

    async def read(self, n: int) -> Any:
        yt = self.yt
        choice = n % 5
        if choice == 0:
            return await yt.issues.get(f"SP-{n % 150 + 1}")
        if choice == 1:
            # Paged: a count and pages, each request retried on its own.
            return await yt.issues.search("project: SP #Unresolved", page_size=10, limit=30)
        if choice == 2:
            return await yt.issues.search("project: SP", limit=5)
        if choice == 3:
            return await yt.users.me()
        return await yt.projects.get(f"0-{n % 3}")

    async def create(self, summary: str) -> Any:
        return await self.yt.issues.create(self.project_id, summary)

    async def update(self, issue_id: str, summary: str) -> Any:
        return await self.yt.issues.update(issue_id, summary=summary)

    async def comment(self, issue_id: str, text: str) -> Any:
        return await self.yt.issues.comments.add(issue_id, text)


def _in_flight_probe(yt_ref: list[YouTrack], peak: list[int]) -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()

    async def on_start(session: Any, context: Any, params: Any) -> None:
        peak[0] = max(peak[0], yt_ref[0].in_flight)

    trace.on_request_start.append(on_start)
    return trace


async def run_soak(
    config: SoakConfig, *, progress: Callable[[int], None] | None = None
) -> SoakReport:
    """Run one soak against a fresh FakeYouTrack and reconcile; never raises on a broken
    rule (see ``SoakReport.problems``)."""
    rng = random.Random(config.seed)
    kinds = _plan(config, rng)
    async with FakeYouTrack(seed="demo") as fake:
        fake.add_project(_SOAK_PROJECT, "Soak targets", fields=[])
        # Each update gets its own issue, so its effect can be told apart from others'.
        targets = [
            fake.add_issue(_SOAK_PROJECT, f"soak target {i}").id_readable
            for i in range(kinds.count(UPDATE))
        ]
        sp = fake.project("SP")
        calls: list[_Call] = []
        next_target = iter(targets)
        for i, kind in enumerate(kinds):
            text = f"soak {config.seed}/{i} {kind}"
            if kind == UPDATE:
                calls.append(_Call(kind, text, next(next_target)))
            elif kind == COMMENT:
                calls.append(_Call(kind, text, f"SP-{rng.randrange(150) + 1}"))
            else:
                calls.append(_Call(kind, text))
        faults = _add_faults(fake, config)
        counter = _RetryCounter()
        logger = logging.getLogger("aioyoutrack")
        old_level = logger.level
        logger.addHandler(counter)
        logger.setLevel(logging.INFO)
        yt_ref: list[YouTrack] = []
        peak = [0]
        started = time.perf_counter()
        try:
            async with YouTrack(
                fake.url,
                fake.token,
                max_concurrency=config.max_concurrency,
                retry=config.retry,
                timeout=config.timeout,
                trace_configs=[_in_flight_probe(yt_ref, peak)],
            ) as yt:
                yt_ref.append(yt)
                ops = _Ops(yt, sp.id)
                await _run_all(ops, calls, progress)
                left_in_flight = yt.in_flight
        finally:
            logger.removeHandler(counter)
            logger.setLevel(old_level)
        wall = time.perf_counter() - started
        problems = _reconcile(fake, calls, set(targets))
        if fake.stats.max_in_flight > config.max_concurrency:
            problems.append(f"the server saw {fake.stats.max_in_flight} requests at once")
        if peak[0] > config.max_concurrency:
            problems.append(f"the client had {peak[0]} attempts in flight at once")
        if left_in_flight:
            problems.append(f"{left_in_flight} slots still held after every call ended")
        problems.extend(f"fake internal error: {e!r}" for e in fake.internal_errors)
        return SoakReport(
            config=config,
            calls_by_kind=Counter(c.kind for c in calls),
            ok_by_kind=Counter(c.kind for c in calls if c.error is None),
            failures=Counter(_failure_name(c.error) for c in calls if c.error is not None),
            requests=fake.stats.requests,
            retries=counter.count,
            max_in_flight_server=fake.stats.max_in_flight,
            max_in_flight_client=peak[0],
            fault_hits={name: f.hits for name, f in faults.items()},
            wall_time=wall,
            problems=problems,
        )


def _failure_name(error: BaseException) -> str:
    if isinstance(error, YouTrackError):
        return f"{type(error).__name__}(may_have_been_applied={error.may_have_been_applied})"
    return f"NOT A YouTrackError: {type(error).__module__}.{type(error).__name__}"


async def _run_all(ops: _Ops, calls: list[_Call], progress: Callable[[int], None] | None) -> None:
    done = 0

    async def one(n: int, call: _Call) -> None:
        nonlocal done
        action: Awaitable[Any]
        if call.kind == READ:
            action = ops.read(n)
        elif call.kind == CREATE:
            action = ops.create(call.text)
        elif call.kind == UPDATE:
            assert call.target is not None
            action = ops.update(call.target, call.text)
        else:
            assert call.target is not None
            action = ops.comment(call.target, call.text)
        try:
            call.result = await action
        except Exception as exc:  # every failure is recorded, then judged by its type
            call.error = exc
        done += 1
        if progress is not None:
            progress(done)

    # All calls at once: the client's throttle is what bounds concurrency.
    await asyncio.gather(*(one(n, call) for n, call in enumerate(calls)))


def _reconcile(fake: FakeYouTrack, calls: list[_Call], targets: set[str]) -> list[str]:
    problems: list[str] = []
    store = fake.store
    summaries = Counter(issue.summary for issue in store.issues.values())
    comment_texts = Counter(comment.text for comment in store.comments.values())
    for call in calls:
        error = call.error
        if error is not None and not isinstance(error, YouTrackError):
            problems.append(f"{call.text}: {_failure_name(error)}: {error!r}")
            continue
        if call.kind == READ:
            if error is not None:
                problems.append(f"read {call.text} failed: {error!r}")
            continue
        if call.kind == UPDATE:
            assert call.target is not None
            applied = _update_count(fake, call.target, call.text)
        else:
            applied = (summaries if call.kind == CREATE else comment_texts)[call.text]
        problems.extend(_judge(call, applied))
    problems.extend(_sends(fake, calls, targets))
    return problems


def _update_count(fake: FakeYouTrack, target: str, summary: str) -> int:
    issue = fake.issue(target)
    changes = [
        a for a in issue.history if a.category.id == "SummaryCategory" and a.added == summary
    ]
    if changes and issue.summary != summary:
        return -1  # recorded but not the state: reported as a problem by _judge
    return len(changes)


def _judge(call: _Call, applied: int) -> list[str]:
    error = call.error
    if error is None:
        if applied != 1:
            return [f"{call.kind} {call.text!r} succeeded but the fake has it {applied} times"]
        if call.kind != UPDATE and getattr(call.result, "id", None) is None:
            return [f"{call.kind} {call.text!r} succeeded without an id in the result"]
        return []
    assert isinstance(error, YouTrackError)
    if error.may_have_been_applied and applied not in (0, 1):
        return [f"{call.kind} {call.text!r} ({error!r}) is in the fake {applied} times"]
    if not error.may_have_been_applied and applied != 0:
        return [
            f"{call.kind} {call.text!r} failed with may_have_been_applied=False "
            f"({type(error).__name__}) but the fake has it {applied} times"
        ]
    return []


def _write_kind(method: str, path: str, targets: set[str]) -> str | None:
    if method != "POST" or not path.startswith("api/issues"):
        return None
    if path == "api/issues":
        return CREATE
    parts = path.split("/")
    if len(parts) == 4 and parts[3] == "comments":
        return COMMENT
    if len(parts) == 3 and parts[2] in targets:
        return UPDATE
    return None


def _sends(fake: FakeYouTrack, calls: list[_Call], targets: set[str]) -> list[str]:
    """Per kind of write: requests not refused up front == writes not refused every time."""
    sent: Counter[str] = Counter()
    for record in fake.stats.log:
        kind = _write_kind(record.method, record.path, targets)
        if kind is not None and not (record.fault and record.status == 503):
            sent[kind] += 1
    problems = []
    for kind in _WRITES:
        expected = sum(
            1
            for c in calls
            if c.kind == kind and not (c.error is not None and getattr(c.error, "status", 0) == 503)
        )
        if sent[kind] != expected:
            problems.append(
                f"{kind}: the fake received {sent[kind]} requests it did not refuse up "
                f"front, for {expected} writes that were sent"
            )
    return problems

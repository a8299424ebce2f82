"""RetryPolicy and its parts, with an injected sleep and clock (nothing really waits)."""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from aioyoutrack import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    RateLimitError,
    RedirectError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    YouTrackError,
)
from aioyoutrack._retry import (
    Retrier,
    backoff_delay,
    clamp_timeout,
    is_retryable,
    jittered,
    parse_retry_after,
    retry_delay,
)
from aioyoutrack._throttle import Throttle

URL = "https://host/api/x"


def _status(status: int, retry_after: float | None = None) -> YouTrackError:
    if status == 429:
        return RateLimitError("limited", status=429, retry_after=retry_after)
    if status >= 500:
        return ServerError("server", status=status, retry_after=retry_after)
    return BadRequestError("bad", status=status)


def _connect_error() -> APIConnectionError:
    return APIConnectionError("refused", request_sent=False)


def _dropped() -> APIConnectionError:
    return APIConnectionError("reset", request_sent=True)


def test_defaults_come_from_constants() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.backoff_initial, policy.backoff_max) == (3, 0.5, 8.0)
    assert (policy.jitter, policy.max_retry_after, policy.deadline) == (0.5, 60.0, 180.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_retries": -1},
        {"max_retries": 1.5},
        {"max_retries": True},
        {"backoff_initial": -0.1},
        {"backoff_max": "1"},
        {"jitter": 1.5},
        {"jitter": float("nan")},
        {"max_retry_after": -1},
        {"deadline": -5},
    ],
)
def test_bad_policies_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError, match="RetryPolicy"):
        RetryPolicy(**kwargs)


def test_policy_is_frozen_and_keyword_only() -> None:
    policy = RetryPolicy(deadline=None)
    with pytest.raises(AttributeError):
        policy.max_retries = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        RetryPolicy(3)  # type: ignore[misc]


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=3.0)
    assert [backoff_delay(policy, n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert backoff_delay(policy, 10_000) == 3.0


def test_jitter_shortens_by_at_most_the_jitter_fraction() -> None:
    assert jittered(2.0, 0.5, lambda: 0.0) == 2.0
    assert jittered(2.0, 0.5, lambda: 1.0) == 1.0
    assert jittered(2.0, 0.0, lambda: 0.7) == 2.0
    assert jittered(2.0, 0.25, lambda: 0.5) == 1.75


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-4", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        # float() reads these; a Retry-After is ASCII digits (hostile-server review)
        ("1_0", None),
        ("\u0661", None),
        ("1e3", None),
        ("+5", None),
        ("0x10", None),
        ("9" * 400, None),  # a float too large: inf, no wait (review)
        ("1.", 1.0),
        (".5", 0.5),
    ],
)
def test_retry_after_seconds(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_retry_after_http_date_is_measured_from_now() -> None:
    now = 1_700_000_000.0
    later = email.utils.formatdate(now + 30, usegmt=True)
    earlier = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after(later, now=now) == 30.0
    assert parse_retry_after(earlier, now=now) == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 32 Foo 2015 07:28:00 GMT", now=now) is None


@pytest.mark.parametrize(
    "header",
    [
        "Wed, 21 Oct 2015 07:28:00 GMT",  # IMF-fixdate
        "Wednesday, 21-Oct-15 07:28:00 GMT",  # RFC 850
        "Wed Oct 21 07:28:00 2015",  # asctime: no zone, GMT by definition
        "Wed, 21 Oct 2015 07:28:00 -0000",  # parsed as naive, still GMT
    ],
)
def test_every_http_date_form_is_read_as_gmt(header: str) -> None:
    assert parse_retry_after(header, now=1445412470.0) == 10.0


@pytest.mark.parametrize(
    ("error", "idempotent", "expected"),
    [
        (_status(429), False, True),
        (_status(503), False, True),
        (_status(500), True, True),
        (_status(502), True, True),
        (_status(504), True, True),
        (_status(500), False, False),
        (_status(502), False, False),
        (_status(504), False, False),
        (_status(501), True, False),
        (_status(400), True, False),
        (_connect_error(), False, True),
        (_dropped(), True, True),
        (_dropped(), False, False),
        (APITimeoutError("read timeout", request_sent=True), True, True),
        (APITimeoutError("read timeout", request_sent=True), False, False),
        (APITimeoutError("connect timeout", request_sent=False), False, True),
        (RedirectError("r", location=None, status=302), True, False),
        (UnexpectedResponseError("html"), True, False),
    ],
)
def test_which_errors_are_retryable(error: YouTrackError, idempotent: bool, expected: bool) -> None:
    assert is_retryable(error, idempotent=idempotent) is expected


def test_tls_failures_are_not_retried() -> None:
    error = APIConnectionError("bad certificate", request_sent=False)
    error._transient = False
    assert not is_retryable(error, idempotent=True)


def test_retry_delay_honours_retry_after_and_the_cap() -> None:
    policy = RetryPolicy(max_retry_after=10)
    assert retry_delay(policy, _status(429, 4.0), 0, idempotent=False) == 4.0
    assert retry_delay(policy, _status(503, 10.0), 0, idempotent=False) == 10.0
    assert retry_delay(policy, _status(429, 10.5), 0, idempotent=False) is None
    assert retry_delay(policy, _status(500, 2.0), 0, idempotent=False) is None
    # A wait longer than the whole deadline is refused like one past the cap.
    short = RetryPolicy(max_retry_after=60, deadline=5)
    assert retry_delay(short, _status(429, 5.0), 0, idempotent=False) == 5.0
    assert retry_delay(short, _status(429, 6.0), 0, idempotent=False) is None
    unbounded = RetryPolicy(max_retry_after=60, deadline=None)
    assert retry_delay(unbounded, _status(429, 59.0), 0, idempotent=False) == 59.0


def test_retry_delay_uses_jittered_backoff_without_retry_after() -> None:
    policy = RetryPolicy(backoff_initial=1.0, jitter=0.5)
    assert retry_delay(policy, _status(503), 2, idempotent=False, rand=lambda: 0.5) == 3.0


def test_retry_delay_stops_after_max_retries_and_for_one_shot_bodies() -> None:
    policy = RetryPolicy(max_retries=2)
    assert retry_delay(policy, _status(503), 1, idempotent=True) is not None
    assert retry_delay(policy, _status(503), 2, idempotent=True) is None
    assert retry_delay(policy, _status(503), 0, idempotent=True, replayable=False) is None
    assert retry_delay(RetryPolicy(max_retries=0), _status(503), 0, idempotent=True) is None


def test_clamp_timeout_cuts_only_a_longer_total() -> None:
    timeout = aiohttp.ClientTimeout(total=60, connect=10, sock_read=30)
    assert clamp_timeout(timeout, 100) is timeout
    clamped = clamp_timeout(timeout, 5)
    assert (clamped.total, clamped.connect, clamped.sock_read) == (5, 10, 30)
    assert clamp_timeout(aiohttp.ClientTimeout(total=None), 7).total == 7
    # 0 would mean "no timeout" to aiohttp.
    assert clamp_timeout(timeout, -1).total == 0.001


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay


class _Result:
    status = 200


def _attempts(*outcomes: YouTrackError | None) -> tuple[Callable[..., Any], list[Any]]:
    """An attempt function failing with the given errors in turn (None: success)."""
    seen: list[Any] = []
    queue = list(outcomes)

    async def attempt(timeout: aiohttp.ClientTimeout) -> _Result:
        seen.append(timeout)
        outcome = queue.pop(0)
        if outcome is not None:
            raise outcome
        return _Result()

    return attempt, seen


async def _run(
    retrier: Retrier,
    attempt: Callable[..., Any],
    *,
    idempotent: bool = True,
    throttle: Throttle | None = None,
    keep_slot: bool = False,
) -> Any:
    return await retrier.run(
        attempt,
        throttle=throttle or Throttle(1),
        method="GET",
        url=URL,
        idempotent=idempotent,
        replayable=True,
        timeout=aiohttp.ClientTimeout(total=60),
        keep_slot=keep_slot,
    )


async def test_retrier_retries_with_backoff_then_succeeds() -> None:
    clock = _Clock()
    retrier = Retrier(
        RetryPolicy(backoff_initial=1.0, jitter=0.5), sleep=clock.sleep, clock=clock, rand=lambda: 0
    )
    attempt, seen = _attempts(_status(503), _status(502), None)
    assert isinstance(await _run(retrier, attempt), _Result)
    assert clock.sleeps == [1.0, 2.0]
    assert len(seen) == 3


async def test_retrier_raises_the_last_error_when_retries_run_out() -> None:
    clock = _Clock()
    retrier = Retrier(RetryPolicy(max_retries=2), sleep=clock.sleep, clock=clock)
    errors = [_status(503), _status(503), _status(503)]
    attempt, seen = _attempts(*errors)
    with pytest.raises(ServerError) as info:
        await _run(retrier, attempt)
    assert info.value is errors[-1]
    assert len(seen) == 3


async def test_retrier_does_not_retry_what_is_not_retryable() -> None:
    clock = _Clock()
    retrier = Retrier(RetryPolicy(), sleep=clock.sleep, clock=clock)
    attempt, seen = _attempts(_status(500))
    with pytest.raises(ServerError):
        await _run(retrier, attempt, idempotent=False)
    assert clock.sleeps == []
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("policy", "retry_after"),
    [
        pytest.param(RetryPolicy(max_retry_after=5), 30.0, id="past max_retry_after"),
        pytest.param(RetryPolicy(deadline=5), 10.0, id="longer than the whole deadline"),
    ],
)
async def test_retrier_raises_at_once_when_retry_after_is_not_waited_out(
    policy: RetryPolicy, retry_after: float
) -> None:
    clock = _Clock()
    retrier = Retrier(policy, sleep=clock.sleep, clock=clock)
    attempt, seen = _attempts(_status(429, retry_after))
    with pytest.raises(RateLimitError) as info:
        await _run(retrier, attempt)
    assert (info.value.retry_after, clock.sleeps, len(seen)) == (retry_after, [], 1)


async def test_a_retry_after_past_what_is_left_of_the_deadline_raises_the_servers_error() -> None:
    clock = _Clock()
    retrier = Retrier(RetryPolicy(deadline=10, max_retries=10), sleep=clock.sleep, clock=clock)
    # 8 s used, 4 more asked for: the server's answer, at once, with its retry_after
    # (documented in the errors guide), not a timeout that has not happened.
    attempt, _ = _attempts(_status(503, 4.0), _status(503, 4.0), _status(503, 4.0))
    with pytest.raises(ServerError) as info:
        await _run(retrier, attempt)
    assert clock.sleeps == [4.0, 4.0]
    assert info.value.retry_after == 4.0
    assert clock.now == 8.0


async def test_retrier_gives_up_with_timeout_when_its_own_backoff_would_pass_the_deadline() -> None:
    clock = _Clock()
    policy = RetryPolicy(deadline=10, max_retries=10, backoff_initial=4, backoff_max=4, jitter=0)
    retrier = Retrier(policy, sleep=clock.sleep, clock=clock)
    attempt, _ = _attempts(_status(503), _status(503), _status(503))
    with pytest.raises(APITimeoutError, match="deadline") as info:
        await _run(retrier, attempt)
    assert clock.sleeps == [4.0, 4.0]
    assert isinstance(info.value.__cause__, ServerError)


async def test_retrier_cuts_each_attempt_to_the_time_left() -> None:
    clock = _Clock()
    retrier = Retrier(
        RetryPolicy(deadline=90, backoff_initial=40, backoff_max=40, jitter=0), sleep=clock.sleep
    )
    retrier.clock = clock
    attempt, seen = _attempts(_status(503), None)
    await _run(retrier, attempt)
    assert [t.total for t in seen] == [60, 50]


async def test_a_timeout_at_the_deadline_is_reported_as_the_deadline() -> None:
    clock = _Clock()
    retrier = Retrier(RetryPolicy(deadline=5), sleep=clock.sleep, clock=clock)

    async def attempt(timeout: aiohttp.ClientTimeout) -> _Result:
        clock.now += timeout.total or 0
        raise APITimeoutError("timed out", request_sent=True)

    with pytest.raises(APITimeoutError, match="deadline"):
        await _run(retrier, attempt, idempotent=False)


async def test_no_deadline_means_unbounded() -> None:
    clock = _Clock()
    retrier = Retrier(
        RetryPolicy(deadline=None, max_retries=3, backoff_initial=1000),
        sleep=clock.sleep,
        clock=clock,
    )
    attempt, seen = _attempts(_status(503), _status(503), None)
    await _run(retrier, attempt)
    assert seen[0].total == 60


async def test_retries_log_at_info_and_attempts_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    clock = _Clock()
    retrier = Retrier(RetryPolicy(), sleep=clock.sleep, clock=clock)
    attempt, _ = _attempts(_status(503), None)
    with caplog.at_level(logging.DEBUG, logger="aioyoutrack"):
        await _run(retrier, attempt)
    records = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "aioyoutrack"]
    assert [level for level, _ in records] == [logging.DEBUG, logging.INFO, logging.DEBUG]
    assert records[0][1].startswith(f"GET {URL} -> 503 in ")
    assert records[0][1].endswith("(attempt 1)")
    assert "retrying GET" in records[1][1]
    assert "(retry 1 of 3)" in records[1][1]
    assert records[2][1].startswith(f"GET {URL} -> 200 in ")
    assert records[2][1].endswith("(attempt 2)")


async def test_the_deadline_counts_the_time_queued_for_a_slot() -> None:
    clock = _Clock()
    throttle = Throttle(1)
    retrier = Retrier(RetryPolicy(deadline=10), sleep=clock.sleep, clock=clock)
    attempt, seen = _attempts(None)
    await throttle.acquire()  # another call holds the only slot
    task = asyncio.create_task(
        retrier.run(
            attempt,
            throttle=throttle,
            method="GET",
            url=URL,
            idempotent=True,
            replayable=True,
            timeout=aiohttp.ClientTimeout(total=60),
        )
    )
    await asyncio.sleep(0)
    clock.now += 1000  # queued far longer than the deadline
    throttle.release()
    with pytest.raises(APITimeoutError, match="waiting for a concurrency slot") as info:
        await task
    assert seen == []  # nothing was sent
    assert info.value.request_sent is False
    assert info.value.may_have_been_applied is False
    assert throttle.in_flight == 0


async def test_a_slot_wait_after_backoff_that_passes_the_deadline_gives_up() -> None:
    clock = _Clock()
    throttle = Throttle(1)
    first = _status(503, 1.0)

    async def sleep(delay: float) -> None:
        clock.now += delay
        await throttle.acquire()  # someone else takes the slot for 20 s

        def release() -> None:
            clock.now += 20
            throttle.release()

        asyncio.get_running_loop().call_soon(release)

    retrier = Retrier(RetryPolicy(deadline=10), sleep=sleep, clock=clock)
    attempt, seen = _attempts(first, None)
    with pytest.raises(APITimeoutError, match="deadline") as info:
        await _run(retrier, attempt, throttle=throttle)
    assert info.value.__cause__ is first
    assert len(seen) == 1
    assert throttle.in_flight == 0


async def test_each_attempt_holds_a_slot_and_waits_hold_none() -> None:
    throttle = Throttle(2)
    held: list[int] = []

    async def sleep(delay: float) -> None:
        held.append(throttle.in_flight)

    async def attempt(timeout: aiohttp.ClientTimeout) -> _Result:
        held.append(throttle.in_flight)
        if len(held) == 1:
            raise _status(503)
        return _Result()

    retrier = Retrier(RetryPolicy(), sleep=sleep)
    for keep_slot, after in [(False, 0), (True, 1)]:
        held.clear()
        await _run(retrier, attempt, throttle=throttle, keep_slot=keep_slot)
        assert held == [1, 0, 1]
        assert throttle.in_flight == after

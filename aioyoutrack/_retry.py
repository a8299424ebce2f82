"""Retries: the policy, the decision, backoff with jitter, Retry-After, the retry loop.

The parts are small functions so each rule can be tested alone; :class:`Retrier` puts
them together around one attempt function. What is retried:

- 429 and 503 for every method: the server refused before doing anything;
- 500, 502, 504 and ambiguous transport failures (dropped connection or timeout after the
  request went out) only for idempotent calls;
- connect failures (nothing was sent) for every method;
- nothing at all when the request body is a one-shot stream that cannot be sent twice.

A ``Retry-After`` is honoured (seconds or HTTP-date); one longer than
``max_retry_after`` or than what is left of the ``deadline`` is not waited out: the
error (with its ``retry_after``) is raised at once. The overall ``deadline`` bounds
every attempt and wait of one call; a backoff of the client's own that would run past it
ends the call with ``APITimeoutError``.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import logging
import math
import random
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import aiohttp
import attrs

from ._constants import (
    DEFAULT_BACKOFF_INITIAL,
    DEFAULT_BACKOFF_JITTER,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_RETRY_DEADLINE,
    RETRY_ALWAYS_STATUSES,
    RETRY_IDEMPOTENT_STATUSES,
)
from ._logger import logger as _log
from ._throttle import Throttle
from ._values import fits_float, shown
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    YouTrackError,
    is_safe_method,
)

__all__ = [
    "Retrier",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable",
    "jittered",
    "left_unknown",
    "mark_resent",
    "parse_retry_after",
    "retry_delay",
]

_T = TypeVar("_T", bound="_HasStatus")

# The shortest total an attempt gets when the deadline is nearly used up.
_MIN_TIMEOUT = 0.001
# Past this many doublings every backoff is capped anyway; avoids float overflow.
_MAX_DOUBLINGS = 64


class _HasStatus(Protocol):
    @property
    def status(self) -> int: ...


def _check_number(name: str, value: Any, *, upper: float | None = None) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and math.isnan(value))
        # Seconds and counts meet floats (deadlines, backoff) at a request's time.
        or not fits_float(value)
    ):
        raise ConfigurationError(f"RetryPolicy.{name} must be a number, got {shown(value)}")
    if value < 0 or (upper is not None and value > upper):
        bounds = f"between 0 and {upper}" if upper is not None else "0 or more"
        raise ConfigurationError(f"RetryPolicy.{name} must be {bounds}, got {shown(value)}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a client retries failed requests.

    ``max_retries`` further attempts at most (0 disables retries); backoff starts at
    ``backoff_initial`` seconds and doubles up to ``backoff_max``, each wait shortened
    by a random fraction of up to ``jitter`` (0 to 1); a ``Retry-After`` longer than
    ``max_retry_after`` seconds, or than what is left of ``deadline``, is not waited
    out (the 429/503 error is raised at once with its ``retry_after``); ``deadline``
    seconds (``None``: no bound) bound one call from the moment it is made, time queued
    for a concurrency slot and waits included, after which
    :class:`~aioyoutrack.APITimeoutError` is raised.
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_initial: float = DEFAULT_BACKOFF_INITIAL
    backoff_max: float = DEFAULT_BACKOFF_MAX
    jitter: float = DEFAULT_BACKOFF_JITTER
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    deadline: float | None = DEFAULT_RETRY_DEADLINE

    def __attrs_post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise ConfigurationError(
                f"RetryPolicy.max_retries must be an int, got {shown(self.max_retries)}"
            )
        _check_number("max_retries", self.max_retries)
        _check_number("backoff_initial", self.backoff_initial)
        _check_number("backoff_max", self.backoff_max)
        _check_number("jitter", self.jitter, upper=1.0)
        _check_number("max_retry_after", self.max_retry_after)
        if self.deadline is not None:
            _check_number("deadline", self.deadline)


def backoff_delay(policy: RetryPolicy, retries_done: int) -> float:
    """Return the backoff before retry number ``retries_done + 1``, without jitter."""
    if retries_done >= _MAX_DOUBLINGS:
        return policy.backoff_max
    return min(policy.backoff_max, policy.backoff_initial * (2.0**retries_done))


def jittered(delay: float, jitter: float, rand: Callable[[], float] = random.random) -> float:
    """Return ``delay`` shortened by a random fraction of up to ``jitter``.

    The result lies in ``[(1 - jitter) * delay, delay]``, so concurrent callers that
    failed together do not come back together.
    """
    return delay * (1.0 - jitter * rand())


#: RFC 9110's delay-seconds (``1*DIGIT``), with a sign and a fraction allowed.
_DELAY_SECONDS = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header into seconds to wait (never negative).

    Accepts delta-seconds (``"120"``, and leniently ``"1.5"`` and ``"-4"``, which waits
    nothing; ASCII digits only, where ``float`` would also read ``"1_0"``, ``"1e3"`` or
    other scripts' digits) and an HTTP-date
    (``"Wed, 21 Oct 2015 07:28:00 GMT"``), measured from ``now`` (epoch seconds,
    default: the current time). Returns ``None`` for a missing or unreadable value,
    including a date no clock can hold (year 99999999999, a zone offset of 9999999).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _DELAY_SECONDS.fullmatch(text):
        seconds = float(text)
        return None if math.isinf(seconds) else max(seconds, 0.0)  # 400 nines: inf
    try:
        when = email.utils.parsedate_to_datetime(text)
        if when.tzinfo is None:
            # RFC 9110: HTTP-dates are always GMT, even when the zone is missing (the
            # asctime form) or "-0000", both of which the email parser reads as naive.
            when = when.replace(tzinfo=datetime.timezone.utc)
        stamp = when.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        # Absurd years and zone offsets overflow the datetime or the C int behind it.
        return None
    current = time.time() if now is None else now
    return max(stamp - current, 0.0)


def is_retryable(error: YouTrackError, *, idempotent: bool) -> bool:
    """Tell whether ``error`` may be retried for a call that is (not) idempotent."""
    if isinstance(error, APIStatusError):
        if error.status in RETRY_ALWAYS_STATUSES:
            return True
        return idempotent and error.status in RETRY_IDEMPOTENT_STATUSES
    if isinstance(error, APIConnectionError):
        if not error._transient:
            return False
        return idempotent or not error.request_sent
    return False


def left_unknown(error: YouTrackError, method: str) -> bool:
    """Tell whether a failed attempt may have changed data before its answer was lost:
    a method that is not safe, answered 500/502/504 or cut off after it was sent.
    (429 and 503 are refusals: nothing was done.)"""
    if is_safe_method(method):
        return False
    if isinstance(error, APIStatusError):
        return error.status in RETRY_IDEMPOTENT_STATUSES
    return isinstance(error, APIConnectionError) and error.request_sent


def mark_resent(error: YouTrackError, earlier: YouTrackError | None) -> YouTrackError:
    """``error``, the last answer to an idempotent write that was resent after
    ``earlier`` (an attempt that may have been applied), marked so: its effect may be
    that attempt's doing (a resent DELETE answered 404 because the first one deleted).
    Returned unchanged when there is no such earlier attempt."""
    if earlier is None or error.may_have_been_applied:
        return error
    error.may_have_been_applied = True
    note = (
        "; an earlier attempt of this call may have been applied (its answer was lost: "
        f"{_describe(earlier)})"
    )
    message = getattr(error, "message", None)
    first = error.args[0] if error.args else None
    if isinstance(message, str) and isinstance(first, str) and first.startswith(message):
        # The note goes with the message, before the request the text ends with.
        error.message = message + note  # type: ignore[attr-defined]
        error.args = (message + note + first[len(message) :], *error.args[1:])
    elif isinstance(first, str):
        error.args = (first + note, *error.args[1:])
    return error


def retry_delay(
    policy: RetryPolicy,
    error: YouTrackError,
    retries_done: int,
    *,
    idempotent: bool,
    replayable: bool = True,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Return how long to wait before retrying after ``error``, or ``None``: do not retry.

    ``retries_done`` counts the retries already made; ``replayable`` is false when the
    request body can be sent only once.
    """
    if retries_done >= policy.max_retries or not replayable:
        return None
    if not is_retryable(error, idempotent=idempotent):
        return None
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        # A wait no deadline could hold is the server's answer, not a timeout.
        if retry_after > policy.max_retry_after or (
            policy.deadline is not None and retry_after > policy.deadline
        ):
            return None
        return float(retry_after)
    return jittered(backoff_delay(policy, retries_done), policy.jitter, rand)


def clamp_timeout(timeout: aiohttp.ClientTimeout, remaining: float) -> aiohttp.ClientTimeout:
    """Return ``timeout`` with its total cut to ``remaining`` seconds when that is shorter."""
    if timeout.total is not None and timeout.total <= remaining:
        return timeout
    return aiohttp.ClientTimeout(
        # Never 0: aiohttp reads a total of 0 as "no timeout at all".
        total=max(remaining, _MIN_TIMEOUT),
        connect=timeout.connect,
        sock_read=timeout.sock_read,
        sock_connect=timeout.sock_connect,
        ceil_threshold=timeout.ceil_threshold,
    )


def _describe(error: BaseException) -> str:
    status = getattr(error, "status", None)
    return str(status) if isinstance(status, int) else type(error).__name__


class Retrier:
    """Runs one attempt function, each try holding a throttle slot, until it succeeds or
    the policy says stop.

    ``sleep``, ``clock`` (monotonic seconds) and ``rand`` (uniform in [0, 1)) are
    injectable so backoff can be tested without waiting. :meth:`close` cuts every wait
    short, so that calls of a closing client end at once instead of sleeping on.
    """

    __slots__ = ("_closing", "clock", "mask", "policy", "rand", "sleep")

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        mask: Callable[[str], str] = str,
    ) -> None:
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        #: What logs show of a URL: the client's token masked (a path or query may hold
        #: what a server echoed); applied to DEBUG lines when they are on, and to the
        #: INFO line of each retry.
        self.mask = mask
        self._closing: asyncio.Event | None = None

    def close(self) -> None:
        """Wake every call waiting out a backoff, now and later: its next attempt meets
        the closed client and fails at once (``ClientClosedError``)."""
        if self._closing is None:
            self._closing = asyncio.Event()
        self._closing.set()

    async def pause(self, delay: float) -> None:
        """Sleep ``delay`` seconds, or less when :meth:`close` is called meanwhile."""
        closing = self._closing
        if closing is None:
            closing = self._closing = asyncio.Event()
        elif closing.is_set():
            return
        nap = asyncio.ensure_future(self.sleep(delay))
        wake = asyncio.ensure_future(closing.wait())
        try:
            await asyncio.wait((nap, wake), return_when=asyncio.FIRST_COMPLETED)
        finally:
            nap.cancel()
            wake.cancel()
        if nap.done() and not nap.cancelled():
            failure = nap.exception()  # an injected sleep that failed
            if failure is not None:
                raise failure

    async def run(
        self,
        attempt: Callable[[aiohttp.ClientTimeout], Awaitable[_T]],
        *,
        throttle: Throttle,
        method: str,
        url: str,
        idempotent: bool,
        replayable: bool,
        timeout: aiohttp.ClientTimeout,
        keep_slot: bool = False,
    ) -> _T:
        """Call ``attempt(timeout)`` with retries; return its result or raise its error.

        Each attempt holds a ``throttle`` slot (waits between attempts hold none); with
        ``keep_slot`` a successful result keeps its slot and must release it itself.
        The deadline starts with the call: time spent queued for a slot counts, and a
        call still queued when it runs out ends with ``APITimeoutError`` (nothing sent).
        ``url`` is only used in logs and errors.
        """
        policy = self.policy
        clock = self.clock
        deadline_at = None if policy.deadline is None else clock() + policy.deadline
        last_error: YouTrackError | None = None
        # The first retried attempt that may have been applied: what later answers
        # may be answers to (a resent DELETE's 404).
        unknown: YouTrackError | None = None
        retries = 0
        while True:
            if deadline_at is None:
                await throttle.acquire()
            elif not await throttle.acquire_within(deadline_at - clock()):
                raise mark_resent(self._queued_error(last_error, method, url, retries), unknown)
            # No await from here into the try: a cancellation cannot strand the slot.
            attempt_timeout = timeout
            if deadline_at is not None:
                now = clock()
                if now >= deadline_at:
                    # The wait for the slot used up the rest.
                    throttle.release()
                    raise mark_resent(self._queued_error(last_error, method, url, retries), unknown)
                attempt_timeout = clamp_timeout(timeout, deadline_at - now)
            debug = _log.isEnabledFor(logging.DEBUG)
            started = clock() if debug else 0.0
            try:
                result = await attempt(attempt_timeout)
            except YouTrackError as exc:
                throttle.release()
                if debug:
                    _log_attempt(
                        method, self.mask(url), _describe(exc), clock() - started, retries + 1
                    )
                delay = retry_delay(
                    policy,
                    exc,
                    retries,
                    idempotent=idempotent,
                    replayable=replayable,
                    rand=self.rand,
                )
                if deadline_at is not None and self._past_deadline(exc, delay, deadline_at):
                    if delay is not None and getattr(exc, "retry_after", None) is not None:
                        # The server asked for a wait the deadline cannot hold: its answer
                        # (429/503 with .retry_after), for the caller to act on, not a
                        # timeout that has not happened.
                        mark_resent(exc, unknown)
                        raise
                    error = self._deadline_error(exc, method, url, retries + 1)
                    raise mark_resent(error, unknown) from exc
                if delay is None:
                    mark_resent(exc, unknown)
                    raise
                if unknown is None and left_unknown(exc, method):
                    unknown = exc
                last_error = exc
                retries += 1
                _log.info(
                    "retrying %s %s in %.2fs after %s (retry %d of %d)",
                    method,
                    self.mask(url),
                    delay,
                    _describe(exc),
                    retries,
                    policy.max_retries,
                )
                await self.pause(delay)
                continue
            except BaseException:
                throttle.release()
                raise
            if not keep_slot:
                throttle.release()
            if debug:
                _log_attempt(
                    method, self.mask(url), str(result.status), clock() - started, retries + 1
                )
            return result

    def _past_deadline(self, exc: YouTrackError, delay: float | None, deadline_at: float) -> bool:
        now = self.clock()
        if delay is None:
            # A timeout at the deadline is the deadline's doing (it cut the attempt).
            return now >= deadline_at and isinstance(exc, APITimeoutError)
        return now + delay > deadline_at

    def _queued_error(
        self, last_error: YouTrackError | None, method: str, url: str, attempts: int
    ) -> APITimeoutError:
        if last_error is not None:
            error = self._deadline_error(last_error, method, url, attempts)
            error.__cause__ = last_error
            return error
        return APITimeoutError(
            f"gave up after the retry deadline of {self.policy.deadline}s, still waiting "
            "for a concurrency slot (nothing was sent; other calls held every slot of "
            "max_concurrency)",
            method=method,
            url=url,
            request_sent=False,
        )

    def _deadline_error(
        self, exc: YouTrackError, method: str, url: str, attempts: int
    ) -> APITimeoutError:
        return APITimeoutError(
            f"gave up after the retry deadline of {self.policy.deadline}s "
            f"({attempts} attempt(s); last: {getattr(exc, 'message', exc)})",
            method=method,
            url=url,
            may_have_been_applied=exc.may_have_been_applied,
        )


def _log_attempt(method: str, url: str, outcome: str, elapsed: float, attempt: int) -> None:
    _log.debug(
        "%s %s -> %s in %.1f ms (attempt %d)", method, url, outcome, elapsed * 1000.0, attempt
    )

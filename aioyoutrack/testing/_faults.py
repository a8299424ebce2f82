"""Fault injection: make the fake fail, slow down, drop or redirect chosen requests.

A fault matches a request by a glob on its path relative to the service root
(``api/issues*`` matches ``api/issues/SP-1/comments`` too) and optionally by method.
The first matching fault applies. By default it applies *before* the handler runs, so
a 503 or 429 means nothing was done; ``when="after"`` (or
``drop_connection="after"``) runs the handler first, so the write is applied and
then the response is replaced (or the connection dropped), which is what a client
must assume may happen to any write.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Literal

from ..errors import ConfigurationError

__all__ = ["Fault", "Faults"]

When = Literal["before", "after"]


@dataclass(eq=False)
class Fault:
    """One injected fault; ``hits`` counts the requests it has affected."""

    path: str = "*"
    method: str | None = None
    status: int | None = None
    retry_after: float | str | None = None
    times: int | None = None
    probability: float | None = None
    body: str | bytes | dict[str, Any] | list[Any] | None = None
    content_type: str | None = None
    delay: float | None = None
    drop: When | None = None
    redirect_to: str | None = None
    when: When = "before"
    headers: dict[str, str] = field(default_factory=dict)
    hold: asyncio.Event | None = None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """True when the method and path (relative to the service root) match."""
        if self.method is not None and self.method != method:
            return False
        return fnmatchcase(path, self.path)

    @property
    def exhausted(self) -> bool:
        """True once the fault has affected ``times`` requests."""
        return self.times is not None and self.hits >= self.times


def _check_types(**given: tuple[object, type | tuple[type, ...]]) -> None:
    """Refuse an argument of ``Faults.add`` of a type it does not take (a bool is no
    number here), naming it."""
    for name, (value, allowed) in given.items():
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise ConfigurationError(f"{name} takes no {type(value).__name__}: got {value!r}")


class Faults:
    """The faults of one fake (``fake.faults``)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._rng = random.Random(0)

    def add(
        self,
        path: str = "*",
        *,
        method: str | None = None,
        status: int | None = None,
        retry_after: float | str | None = None,
        times: int | None = None,
        probability: float | None = None,
        body: str | bytes | dict[str, Any] | list[Any] | None = None,
        content_type: str | None = None,
        delay: float | None = None,
        drop_connection: bool | When = False,
        redirect_to: str | None = None,
        when: When = "before",
        headers: dict[str, str] | None = None,
        hold: asyncio.Event | None = None,
    ) -> Fault:
        """Add a fault and return it.

        ``status`` (with ``body``/``content_type``/``retry_after``/``headers``) answers
        instead of the handler (503 when nothing else is asked for; 200 when only a
        ``body`` is given); ``delay`` sleeps first (alone it only slows the request
        down); ``drop_connection`` closes the socket without a response (``True`` or
        ``"before"``: nothing applied; ``"after"``: the handler ran); ``redirect_to``
        answers a redirect (307 unless ``status`` is another 3xx) to that URL, or to a
        path relative to the service root; ``times`` bounds how many requests it
        affects; ``probability`` makes it random (see :meth:`seed`); ``hold`` keeps
        matching requests in flight until the event is set (deterministic concurrency
        tests: ``await fake.stats.wait_in_flight(n)``, then ``hold.set()``).
        """
        _check_types(
            path=(path, str),
            method=(method, (str, type(None))),
            status=(status, (int, type(None))),
            retry_after=(retry_after, (int, float, str, type(None))),
            times=(times, (int, type(None))),
            probability=(probability, (int, float, type(None))),
            body=(body, (str, bytes, dict, list, type(None))),
            content_type=(content_type, (str, type(None))),
            delay=(delay, (int, float, type(None))),
            redirect_to=(redirect_to, (str, type(None))),
            headers=(headers, (dict, type(None))),
            hold=(hold, (asyncio.Event, type(None))),
        )
        if headers is not None and not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            raise ConfigurationError(f"headers must map str names to str values, got {headers!r}")
        if delay is not None and not 0 <= delay < float("inf"):
            raise ConfigurationError(
                f"delay must be a finite number of seconds >= 0, not {delay!r}"
            )
        if status is not None and not 100 <= status <= 599:
            raise ConfigurationError(f"status must be an HTTP status, not {status!r}")
        if probability is not None and not 0.0 <= probability <= 1.0:
            raise ConfigurationError("probability must be within [0, 1]")
        if times is not None and times < 1:
            raise ConfigurationError("times must be at least 1")
        if when not in ("before", "after"):
            raise ConfigurationError("when must be 'before' or 'after'")
        drop: When | None
        if drop_connection is True:
            drop = "before"
        elif drop_connection in ("before", "after"):
            drop = drop_connection
        elif drop_connection is False:
            drop = None
        else:
            raise ConfigurationError("drop_connection must be a bool, 'before' or 'after'")
        if redirect_to is not None and (status is None or not 300 <= status < 400):
            status = 307
        if status is None and body is not None:
            status = 200
        if status is None and drop is None and delay is None and hold is None:
            status = 503  # a fault that does nothing else refuses the request
        fault = Fault(
            path=path.lstrip("/"),
            method=method.upper() if method else None,
            status=status,
            retry_after=retry_after,
            times=times,
            probability=probability,
            body=body,
            content_type=content_type,
            delay=delay,
            drop=drop,
            redirect_to=redirect_to,
            when=when,
            headers=dict(headers or {}),
            hold=hold,
        )
        self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        """Remove a fault (no error if it is gone already)."""
        if fault in self._faults:
            self._faults.remove(fault)

    def clear(self) -> None:
        """Remove every fault."""
        self._faults.clear()

    def seed(self, seed: int) -> None:
        """Seed the generator behind ``probability`` (reproducible random faults)."""
        self._rng.seed(seed)

    def __len__(self) -> int:
        return len(self._faults)

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def take(self, method: str, path: str) -> Fault | None:
        """The fault affecting this request (counting the hit), if any."""
        if not self._faults:
            return None
        for fault in self._faults:
            if not fault.matches(method, path):
                continue
            if fault.probability is not None and self._rng.random() >= fault.probability:
                continue
            fault.hits += 1
            if fault.exhausted:
                self._faults.remove(fault)
            return fault
        return None

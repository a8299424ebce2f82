"""Waiting for something for at most a number of seconds, without losing a cancellation.

On Python 3.10, ``asyncio.wait_for`` returns the inner result when the caller is
cancelled in the same loop step as the inner work finishes, and the cancellation is
lost (bpo-42130): a caller cancelled just as it was granted a concurrency slot went on
and sent its request. :func:`within` uses ``asyncio.timeout`` where it exists (3.11+),
which runs in the caller's own task and has no such gap; on 3.10 it runs the work in a
task of its own and, when the caller is cancelled or the time runs out, cancels that
task and hands a result it produced anyway to ``undo``, so nothing it took is kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

__all__ = ["within"]

T = TypeVar("T")

_timeout: Callable[[float | None], AbstractAsyncContextManager[Any]] | None = getattr(
    asyncio, "timeout", None
)


async def within(
    work: Awaitable[T], seconds: float | None, *, undo: Callable[[T], object] | None = None
) -> T:
    """Await ``work`` for at most ``seconds`` (None: without a limit).

    Raises :class:`asyncio.TimeoutError` when the time runs out first. A cancellation of
    the caller always propagates; on Python 3.10, a result the work still produced after
    it was abandoned (by the timeout or the cancellation) is passed to ``undo``.
    """
    if seconds is None:
        return await work
    if _timeout is not None:
        async with _timeout(seconds):
            return await work
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait((task,), timeout=seconds)
        if not done:
            task.cancel()
            # As asyncio.timeout does: the work's own clean-up has run before the
            # timeout is raised, and what the work ends with, if not the cancellation
            # (an error its clean-up raised, a result it returned anyway), is the outcome.
            await asyncio.wait((task,))
    except BaseException:
        # The caller is cancelled: the work goes, and a result it still produces is undone.
        _abandon(task, undo)
        raise
    if task.cancelled():
        raise asyncio.TimeoutError
    return task.result()


def _abandon(task: asyncio.Future[T], undo: Callable[[T], object] | None) -> None:
    """Cancel ``task``; whatever it ends with is consumed, and a result undone."""

    def finished(done: asyncio.Future[T]) -> None:
        if done.cancelled() or done.exception() is not None:
            return
        if undo is not None:
            undo(done.result())

    task.cancel()
    task.add_done_callback(finished)

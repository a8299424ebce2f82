"""A bot that follows YouTrack's activity stream and comments on every Critical issue.

    python examples/bot.py [--state bot.cursor] [--once] [--from-start]

It reads activities (issue created, custom field changed) of unresolved Critical
issues through a cursor (``yt.activities.page``), and comments once on each such issue.

- Restartable: the cursor is saved to ``--state`` after every poll, so a restarted bot
  goes on where it stopped. The first run starts at the newest activity (nothing old is
  commented on) unless ``--from-start``.
- Exactly one comment per issue, even when it sees an activity twice (the bot stopped
  after commenting but before saving its cursor; an issue escalated twice): before
  commenting it looks for its own marker among the issue's comments.
- Survives server errors: a failed poll is logged and retried after a growing pause,
  from the saved cursor. Only a rejected token stops it.
- Stoppable: ``--once`` stops when it has caught up; ``run(..., stop=event)`` stops when
  the event is set.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import tempfile
from pathlib import Path

from _connect import open_youtrack

from aioyoutrack import (
    AuthenticationError,
    Issue,
    PermissionDeniedError,
    RetryPolicy,
    YouTrack,
    YouTrackError,
)

#: Starts every comment of the bot; how it recognises its own comments.
MARKER = "[triage-bot]"
COMMENT = f"{MARKER} Critical issue: please triage it within 4 hours."
CATEGORIES = ("IssueCreatedCategory", "CustomFieldCategory")
QUERY = "Priority: Critical #Unresolved"

log = logging.getLogger("triage-bot")


# --- the cursor file ------------------------------------------------------------------


def load_cursor(state: Path) -> str | None:
    """The saved cursor, or None when the bot never ran."""
    try:
        return state.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def save_cursor(state: Path, cursor: str) -> None:
    """Save atomically: a crash mid-write leaves the previous cursor, never half of one."""
    handle, temp = tempfile.mkstemp(dir=state.parent, prefix=f".{state.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(cursor)
    os.replace(temp, state)


async def newest_cursor(yt: YouTrack) -> str | None:
    """A cursor just past the newest matching activity ("from now on")."""
    newest = await yt.activities.page(CATEGORIES, issue_query=QUERY, reverse=True).first()
    if newest is None or newest.id is None:
        return None  # no history yet: the beginning is "now"
    # The page around the newest activity ends with it: walking it moves the cursor past.
    around = yt.activities.page(CATEGORIES, issue_query=QUERY, activity_id=newest.id)
    async for _ in around:
        pass
    return around.cursor


# --- reacting ---------------------------------------------------------------------------


async def comment_once(yt: YouTrack, issue_id: str) -> bool:
    """Comment on the issue if it is still Critical and unresolved and carries no
    comment of the bot yet; True when a comment was added."""
    issue = await yt.issues.get(issue_id)
    if issue.fields.get("Priority") != "Critical" or issue.resolved is not None:
        return False
    async for comment in yt.issues.comments.list(issue_id):
        if (comment.text or "").startswith(MARKER):
            return False
    await yt.issues.comments.add(issue_id, COMMENT)
    log.info("commented on %s", issue.id_readable)
    return True


async def poll(yt: YouTrack, state: Path, *, from_start: bool = False) -> list[str]:
    """Handle every activity after the saved cursor; return the issues commented on.

    Without a saved cursor it starts at the newest activity, or at the oldest with
    ``from_start``. The cursor is saved even when this fails: it never moves past an
    activity that was not handled (see ``CursorPager.cursor``), so nothing is skipped.
    """
    cursor = load_cursor(state)
    if cursor is None and not from_start:
        cursor = await newest_cursor(yt)
    pager = yt.activities.page(CATEGORIES, issue_query=QUERY, cursor=cursor)
    seen: set[str] = set()
    commented: list[str] = []
    try:
        async for activity in pager:
            target = activity.target
            key = target.id if isinstance(target, Issue) else None
            if key is None or key in seen:
                continue
            seen.add(key)
            if await comment_once(yt, key):
                commented.append(key)
    finally:
        if pager.cursor is not None:
            save_cursor(state, pager.cursor)
    return commented


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run(
    yt: YouTrack,
    state: Path,
    *,
    stop: asyncio.Event | None = None,
    once: bool = False,
    from_start: bool = False,
    interval: float = 10.0,
    backoff: float = 1.0,
    max_backoff: float = 60.0,
    max_failures: int | None = None,
) -> list[str]:
    """Poll until ``stop`` is set (or, with ``once``, until caught up); return the
    issues commented on. A failed poll waits ``backoff`` seconds, doubling up to
    ``max_backoff``; ``max_failures`` failures in a row re-raise the last error."""
    stop = stop or asyncio.Event()
    commented: list[str] = []
    failures = 0
    while not stop.is_set():
        try:
            commented += await poll(yt, state, from_start=from_start)
        except (AuthenticationError, PermissionDeniedError):
            raise  # waiting will not fix the token
        except YouTrackError as exc:
            failures += 1
            if max_failures is not None and failures >= max_failures:
                raise
            delay = min(max_backoff, backoff * 2 ** (failures - 1))
            log.warning("poll failed (%s); retrying in %.1f s", exc, delay)
            await _pause(stop, delay)
            continue
        failures = 0
        if once:
            break
        await _pause(stop, interval)
    return commented


async def main(state: Path, *, once: bool, from_start: bool) -> list[str]:
    """Run the bot until Ctrl-C / SIGTERM (or caught up, with ``once``)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    # The bot has its own backoff; the client's retries cover short hiccups.
    async with open_youtrack(retry=RetryPolicy(max_retries=2)) as yt:
        return await run(
            yt,
            state,
            stop=stop,
            once=once,
            from_start=from_start,
            max_failures=5 if once else None,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path("bot.cursor"), help="cursor file")
    parser.add_argument("--once", action="store_true", help="stop once caught up")
    parser.add_argument(
        "--from-start", action="store_true", help="on the first run, read the whole history"
    )
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    done = asyncio.run(main(options.state, once=options.once, from_start=options.from_start))
    print(f"commented on {len(done)} issues")

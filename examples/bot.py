"""A bot that follows YouTrack's activity stream and comments on every Critical issue.

    python examples/bot.py [--state bot.cursor] [--once] [--from-start]

It follows activities (issue created, custom field changed) of unresolved Critical
issues with ``yt.activities.follow``, and comments once on each such issue.

- Restartable: the follower hands every new cursor to ``on_cursor``, which saves it to
  ``--state``, so a restarted bot goes on where it stopped. The first run starts at the
  newest activity (nothing old is commented on) unless ``--from-start``.
- Exactly one comment per issue, even when it sees an activity twice (the bot stopped
  after commenting but before saving its cursor; an issue escalated twice): before
  commenting it looks for its own marker among the issue's comments.
- Survives server errors: the follower retries a failed poll after a growing pause, from
  the same cursor; a failed comment restarts it from the saved cursor. Only a rejected
  token stops it.
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
    ActivityFollower,
    ActivityItem,
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


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _close_when_set(stop: asyncio.Event, follower: ActivityFollower[ActivityItem]) -> None:
    await stop.wait()
    await follower.aclose()


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
    """Follow the activities until ``stop`` is set (or, with ``once``, until caught up);
    return the issues commented on.

    ``yt.activities.follow`` does the polling: it starts at the saved cursor (from now
    on the first run, or from the oldest activity with ``from_start``), waits
    ``interval`` seconds once caught up, saves each new cursor through ``on_cursor``, and
    rides out failed polls with a backoff from ``backoff`` to ``max_backoff`` seconds
    (``max_failures`` in a row re-raise the last error). A failure while reacting (the
    comment could not be added) restarts the follower from the saved cursor after the
    same backoff: the activities since then come again, and ``comment_once`` comments on
    nothing twice.
    """
    stop = stop or asyncio.Event()
    commented: list[str] = []
    failures = 0
    while not stop.is_set():
        follower = yt.activities.follow(
            CATEGORIES,
            issue_query=QUERY,
            cursor=load_cursor(state),
            from_start=from_start,
            on_cursor=lambda cursor: save_cursor(state, cursor),
            poll_interval=interval,
            backoff_initial=backoff,
            backoff_max=max_backoff,
            max_failures=max_failures,
            until_caught_up=once,
        )
        watcher = asyncio.create_task(_close_when_set(stop, follower))
        seen: set[str] = set()
        try:
            async for activity in follower:
                target = activity.target
                key = target.id if isinstance(target, Issue) else None
                if key is None or key in seen:
                    continue
                seen.add(key)
                try:
                    done = await comment_once(yt, key)
                except (AuthenticationError, PermissionDeniedError):
                    raise  # waiting will not fix the token
                except YouTrackError as exc:
                    failures += 1
                    if max_failures is not None and failures >= max_failures:
                        raise
                    delay = min(max_backoff, backoff * 2 ** (failures - 1))
                    log.warning("reacting failed (%s); going on in %.1f s", exc, delay)
                    await _pause(stop, delay)
                    break  # follow again from the saved cursor
                failures = 0
                if done:
                    commented.append(key)
            else:
                return commented  # caught up (once), or stopped
        finally:
            watcher.cancel()
            await follower.aclose()
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

"""An aiohttp.web service that creates a YouTrack issue per POST.

    python examples/async_service.py [--port 8080]
    curl -X POST http://127.0.0.1:8080/issues \\
         -d '{"project": "SP", "summary": "Crash on login", "fields": {"Priority": "Critical"}}'
    # -> 201 {"id": "2-300", "idReadable": "SP-151"}

Field values are the JSON a front end has: names for enum, user and version fields,
ISO 8601 strings for dates (``{"Due Date": "2025-06-01"}``, and for a date-and-time
field ``"2025-06-01T10:00:00+02:00"`` with its offset); a value that does not fit gets
a 422 saying which forms the field takes, and nothing is sent to YouTrack.

The application holds ONE client for its whole lifetime (``cleanup_ctx``): its pooled
connections and its concurrency limit are shared by every request the service handles.
Opening a client per request would pay a new connection, and bypass the limit, each time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import socket
from collections.abc import AsyncIterator
from typing import Any

from _connect import open_youtrack
from aiohttp import web

from aioyoutrack import (
    CustomFieldError,
    InvalidRequestError,
    NotFoundError,
    YouTrack,
    YouTrackError,
)

YOUTRACK = web.AppKey("youtrack", YouTrack)


async def youtrack_client(app: web.Application) -> AsyncIterator[None]:
    """Open the shared client at startup, close it at cleanup."""
    async with open_youtrack() as yt:
        app[YOUTRACK] = yt
        yield


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def create_issue(request: web.Request) -> web.Response:
    """``POST /issues`` with ``{"project", "summary", "description"?, "fields"?}``."""
    try:
        body: Any = await request.json()
    except ValueError:
        return _problem(400, "the body must be JSON")
    if not isinstance(body, dict):
        return _problem(400, "the body must be a JSON object")
    project, summary = body.get("project"), body.get("summary")
    fields, description = body.get("fields") or {}, body.get("description")
    if not isinstance(project, str) or not isinstance(summary, str) or not summary.strip():
        return _problem(400, "'project' and 'summary' must be non-empty strings")
    if not isinstance(fields, dict) or not isinstance(description, (str, type(None))):
        return _problem(400, "'fields' must be an object and 'description' a string")
    yt = request.app[YOUTRACK]
    try:
        issue = await yt.issues.create(project, summary, description=description, fields=fields)
    except CustomFieldError as exc:  # unknown field or bad value: nothing was sent
        return _problem(422, str(exc))
    except InvalidRequestError as exc:
        return _problem(400, str(exc))
    except NotFoundError:
        return _problem(404, f"no project {project!r}")
    except YouTrackError as exc:
        # YouTrack refused or failed. Tell the caller whether the issue may exist anyway
        # (a create whose connection dropped), so it can look before retrying.
        return web.json_response(
            {"error": f"YouTrack: {exc}", "mayHaveBeenCreated": exc.may_have_been_applied},
            status=502,
        )
    return web.json_response({"id": issue.id, "idReadable": issue.id_readable}, status=201)


def create_app() -> web.Application:
    """The application: ``POST /issues``, one YouTrack client for its lifetime."""
    app = web.Application()
    app.cleanup_ctx.append(youtrack_client)
    app.router.add_post("/issues", create_issue)
    return app


async def serve(port: int) -> None:
    """Serve on 127.0.0.1 until SIGINT or SIGTERM; print the URL once listening."""
    sock = socket.create_server(("127.0.0.1", port))
    runner = web.AppRunner(create_app(), handle_signals=False)
    try:
        await runner.setup()
        await web.SockSite(runner, sock).start()
        host, bound = sock.getsockname()[:2]
        print(f"serving on http://{host}:{bound}/ (POST /issues)", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C still works
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
        sock.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="TCP port (0: any free one)")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parser.parse_args().port))

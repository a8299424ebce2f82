"""What the client does to an aiohttp session beyond its public API: the workarounds
that make ``aclose()`` end every call at once, and the switch that leaves every resend
to the client's Retrier. Each reads or sets aiohttp's internals defensively (they differ
between 3.10 and 3.14), doing nothing where they are missing.
"""

from __future__ import annotations

import aiohttp

__all__ = [
    "abort_connections_in_use",
    "forget_connections_in_use",
    "has_connections",
    "own_every_resend",
]


def forget_connections_in_use(session: aiohttp.ClientSession) -> None:
    """Work around aiohttp (3.10 to 3.14) before closing a session with calls in flight.

    Its connector keeps counting the connections in use per host after it closed, so a
    GET that aiohttp resends on its own (its connection was dropped by the close: on
    aiohttp 3.10, or a session passed in, see :func:`own_every_resend`) waits the whole
    connect timeout for a connection that never frees. With the count cleared
    first, that resend fails at once ("Connector is closed"), and the call with it.
    """
    in_use = getattr(session.connector, "_acquired_per_host", None)
    if isinstance(in_use, dict):
        in_use.clear()


def abort_connections_in_use(session: aiohttp.ClientSession) -> None:
    """Drop the connections calls are using, unsent bytes and all: aiohttp closes them
    gracefully, which never ends while a server reads nothing of a body still being
    sent (``aclose()`` would hang as long as the server holds the connection)."""
    for protocol in list(getattr(session.connector, "_acquired", None) or ()):
        transport = getattr(protocol, "transport", None)
        if transport is not None:
            transport.abort()


def has_connections(session: aiohttp.ClientSession) -> bool:
    """Whether ``session``'s connector holds a connection, idle or in use (True when
    aiohttp no longer says where it keeps them: better a false alarm than a silent leak)."""
    connector = session.connector
    if session.closed or connector is None:
        return False
    idle, in_use = getattr(connector, "_conns", None), getattr(connector, "_acquired", None)
    if idle is None or in_use is None:
        return True
    return bool(idle) or bool(in_use)


def own_every_resend(session: aiohttp.ClientSession) -> None:
    """Stop aiohttp resending an idempotent method (GET, DELETE, ...) by itself when a
    kept-alive connection drops: such a DELETE may already have been applied, and the
    Retrier must see the drop to say so (and to honour ``idempotent=False`` and
    ``max_retries=0``). aiohttp before 3.11 has no switch for it (errors guide)."""
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False

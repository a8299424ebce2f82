"""``/api/config``: what the service says about itself, to anyone.

Not in the 2025.3 spec, but served by real servers and read by other clients to learn
the version before they log in: JetBrains' youtrack-mobile loads it first, and a
version probe recorded a live server answering ``GET /api/config?fields=version``
without credentials with ``{"version": "2026.3", ...}`` (its test's placeholder answer
is typed ``FrontendConfig``). The fake answers the version of the spec it follows;
attributes it does not know are left out, as for an anonymous caller of a real one.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from .._http.registry import Ctx, route
from .._wire.projection import Entity, Getter

#: The YouTrack version whose spec the fake follows.
VERSION: Final = "2025.3"


class FrontendConfig(Entity):
    """The configuration answer; it has no id (nothing shows a real one has)."""

    __slots__ = ()

    wire_type: ClassVar[str] = "FrontendConfig"
    WIRE: ClassVar[dict[str, str | Getter]] = {"version": lambda o, v: VERSION}


@route("GET", "config", auth=False)
async def config(ctx: Ctx) -> Any:
    """The service's configuration: its version, with or without a token."""
    return ctx.render(FrontendConfig())

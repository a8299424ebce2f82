"""``AsyncClosing``: what ``async with`` closes by ``aclose()`` when its block ends."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClosing"]


class AsyncClosing(abc.ABC):
    """Something closed by ``aclose()`` that ``async with`` closes when its block ends
    (the client, a stream, an activity follower)."""

    __slots__ = ()

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Close it; calling it again does nothing."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

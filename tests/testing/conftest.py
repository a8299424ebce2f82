"""Fixtures for testing FakeYouTrack itself with raw aiohttp requests (never the client):
``api``, raw calls to the root conftest's ``fake``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from yarl import URL

from aioyoutrack.testing import FakeYouTrack

_DEFAULT = object()


@dataclass
class Reply:
    """A response, read completely."""

    status: int
    headers: Mapping[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        """The JSON body (None when empty)."""
        return json.loads(self.raw) if self.raw else None

    @property
    def content_type(self) -> str:
        """The Content-Type header ('' when absent)."""
        return self.headers.get("Content-Type", "")


class Api:
    """Raw HTTP calls to a fake, as some user (root by default)."""

    def __init__(self, session: aiohttp.ClientSession, fake: FakeYouTrack) -> None:
        self.session = session
        self.fake = fake
        self.token: str | None = fake.token

    def as_user(self, token: str | None) -> Api:
        """The same API with another token (None: no Authorization header)."""
        other = Api(self.session, self.fake)
        other.token = token
        return other

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json_body: Any = _DEFAULT,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        encoded: bool = False,
    ) -> Reply:
        """Send one request; ``path`` is relative to the service root."""
        url: str | URL = self.fake.url + path
        if encoded:
            url = URL(str(url), encoded=True)
        sent = {"Accept": "application/json"}
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        kwargs: dict[str, Any] = {"params": params, "headers": sent}
        if json_body is not _DEFAULT:
            kwargs["json"] = json_body
        if data is not None:
            kwargs["data"] = data
        async with self.session.request(method, url, **kwargs) as response:
            raw = await response.read()
            return Reply(response.status, dict(response.headers), raw)

    async def get(self, path: str, **params: str) -> Reply:
        """GET with query parameters (use ``**{"$top": "5"}`` for dollar names)."""
        return await self.call("GET", path, params=params)

    async def post(self, path: str, body: Any = None, **params: str) -> Reply:
        """POST a JSON body."""
        return await self.call("POST", path, params=params, json_body=body)

    async def delete(self, path: str, **params: str) -> Reply:
        """DELETE."""
        return await self.call("DELETE", path, params=params)


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session."""
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
def api(fake: FakeYouTrack, session: aiohttp.ClientSession) -> Api:
    """Raw calls to the demo fake as root."""
    return Api(session, fake)

"""yt.issues.attachments: streamed uploads, downloads, save, rename, delete."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web

from aioyoutrack import YouTrack
from aioyoutrack.errors import (
    APIStatusError,
    InvalidRequestError,
    NotFoundError,
)
from aioyoutrack.models import IssueAttachment
from aioyoutrack.testing import FakeYouTrack

MB = 1024 * 1024


async def _chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    """``total`` bytes of a repeatable pattern, ``size`` at a time, generated lazily."""
    sent = 0
    n = 0
    while sent < total:
        piece = bytes((n + i) % 251 for i in range(min(size, total - sent)))
        sent += len(piece)
        n += 1
        yield piece


async def _expected(total: int) -> bytes:
    return b"".join([c async for c in _chunks(total)])


async def test_stream_upload_of_several_megabytes_downloads_identical(
    yt: YouTrack, fake: FakeYouTrack, log: Any
) -> None:
    total = 3 * MB + 12345
    created = await yt.issues.attachments.upload("SP-1", _chunks(total), name="dump.bin")
    assert len(created) == 1
    attachment = created[0]
    assert isinstance(attachment, IssueAttachment)
    assert attachment.name == "dump.bin"
    assert attachment.size == total
    assert attachment.mime_type == "application/octet-stream"
    assert log("POST") == [("POST", "api/issues/SP-1/attachments")]

    digest = hashlib.sha256()
    received = 0
    async with contextlib.aclosing(yt.issues.attachments.download(attachment)) as chunks:
        async for chunk in chunks:
            digest.update(chunk)
            received += len(chunk)
    assert received == total
    assert digest.digest() == hashlib.sha256(await _expected(total)).digest()
    stored = fake.store.attachments[attachment.id or ""]
    assert stored.data == await _expected(total)


async def test_upload_from_path_uses_file_name_and_guessed_type(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    path = tmp_path / "report ü.csv"
    path.write_bytes(b"a,b\n1,2\n")
    [attachment] = await yt.issues.attachments.upload("SP-2", path)
    assert attachment.name == "report ü.csv"
    assert attachment.mime_type == "text/csv"
    assert fake.store.attachments[attachment.id or ""].data == b"a,b\n1,2\n"
    # str paths work the same way
    [again] = await yt.issues.attachments.upload("SP-2", str(path), name="copy.csv")
    assert again.name == "copy.csv"


async def test_upload_bytes_and_file_object_with_explicit_type(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    [first] = await yt.issues.attachments.upload(
        "SP-3", b"\x89PNG....", name="shot.png", content_type="image/x-test"
    )
    assert first.mime_type == "image/x-test"
    [second] = await yt.issues.attachments.upload("SP-3", io.BytesIO(b"xyz"), name="x.txt")
    assert second.mime_type == "text/plain"
    assert fake.store.attachments[second.id or ""].data == b"xyz"


async def test_upload_refuses_bad_arguments_before_sending(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    with pytest.raises(InvalidRequestError, match="name= is required"):
        await yt.issues.attachments.upload("SP-1", b"data")
    with pytest.raises(InvalidRequestError, match="no file"):
        await yt.issues.attachments.upload("SP-1", tmp_path / "missing.bin")
    with pytest.raises(InvalidRequestError, match="directory"):
        await yt.issues.attachments.upload("SP-1", tmp_path)
    with pytest.raises(InvalidRequestError, match="binary mode"):
        await yt.issues.attachments.upload("SP-1", io.StringIO("text"), name="t.txt")
    with pytest.raises(InvalidRequestError, match="source must be"):
        await yt.issues.attachments.upload("SP-1", 42, name="n")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="control characters"):
        await yt.issues.attachments.upload("SP-1", b"x", name="a\r\nX-Evil: 1")
    with pytest.raises(InvalidRequestError, match="content_type"):
        await yt.issues.attachments.upload("SP-1", b"x", name="a", content_type="nonsense")
    with pytest.raises(InvalidRequestError, match="issue_id"):
        await yt.issues.attachments.upload("", b"x", name="a")
    assert fake.stats.requests == 0


async def test_upload_stream_yielding_non_bytes_fails_cleanly(yt: YouTrack) -> None:
    async def bad() -> AsyncIterator[Any]:
        yield b"ok"
        yield "not bytes"

    # The library's own check, not the connection failure aiohttp reports for it.
    with pytest.raises(InvalidRequestError, match="must yield bytes, got str"):
        await yt.issues.attachments.upload("SP-1", bad(), name="bad.bin")
    assert yt.in_flight == 0


async def test_upload_is_never_sent_twice(yt: YouTrack, fake: FakeYouTrack, log: Any) -> None:
    # 503 would be retried for a replayable body; a streamed upload is sent once.
    fake.faults.add("api/issues/SP-1/attachments", method="POST", status=503, times=1)
    with pytest.raises(APIStatusError) as caught:
        await yt.issues.attachments.upload("SP-1", _chunks(1000), name="once.bin")
    assert caught.value.status == 503
    assert log("POST") == [("POST", "api/issues/SP-1/attachments")]


async def test_list_get_update_delete(yt: YouTrack, fake: FakeYouTrack) -> None:
    [created] = await yt.issues.attachments.upload("SP-4", b"hello", name="a.txt")
    assert created.id is not None
    listed = await yt.issues.attachments.list("SP-4")
    assert created.id in [a.id for a in listed]
    got = await yt.issues.attachments.get("SP-4", created.id)
    assert got.name == "a.txt"
    assert got.size == 5

    renamed = await yt.issues.attachments.update("SP-4", created.id, name="b.txt")
    assert renamed.name == "b.txt"
    assert fake.store.attachments[created.id].name == "b.txt"
    with pytest.raises(InvalidRequestError, match="nothing to update"):
        await yt.issues.attachments.update("SP-4", created.id)

    await yt.issues.attachments.delete("SP-4", created.id)
    assert created.id not in [a.id for a in await yt.issues.attachments.list("SP-4")]
    with pytest.raises(NotFoundError):
        await yt.issues.attachments.get("SP-4", created.id)


async def test_list_with_own_model(yt: YouTrack, fake: FakeYouTrack) -> None:
    @attrs.define(kw_only=True)
    class Slim:
        name: str | None = None

    await yt.issues.attachments.upload("SP-5", b"x", name="slim.txt")
    slim = await yt.issues.attachments.list("SP-5", model=Slim)
    assert any(isinstance(s, Slim) and s.name == "slim.txt" for s in slim)
    assert fake.stats.log[-1].query["fields"] == "name"


async def test_save_writes_whole_file_only(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", _chunks(200_000), name="s.bin")
    target = tmp_path / "saved.bin"
    size = await yt.issues.attachments.save(attachment, target)
    assert size == 200_000
    assert target.read_bytes() == await _expected(200_000)
    assert not (tmp_path / "saved.bin.part").exists()

    fake.faults.add("api/files/*", status=404, times=1)
    with pytest.raises(NotFoundError):
        await yt.issues.attachments.save(attachment, tmp_path / "failed.bin")
    assert not (tmp_path / "failed.bin").exists()
    assert not (tmp_path / "failed.bin.part").exists()


async def test_download_by_url_and_missing_url(yt: YouTrack) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"by url", name="u.txt")
    assert attachment.url is not None
    data = b"".join([c async for c in yt.issues.attachments.download(attachment.url)])
    assert data == b"by url"
    with pytest.raises(InvalidRequestError, match="no url"):
        yt.issues.attachments.download(IssueAttachment(id="7-1"))
    with pytest.raises(InvalidRequestError, match="chunk_size"):
        yt.issues.attachments.download(attachment, chunk_size=0)


async def test_download_from_another_origin_is_refused_and_gets_no_token(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    seen: list[web.Request] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request)
        return web.Response(body=b"stolen")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        other = IssueAttachment(id="7-9", url=f"http://127.0.0.1:{port}/api/files/7-9?sign=x")
        with pytest.raises(InvalidRequestError, match="refusing to send the token"):
            async for _ in yt.issues.attachments.download(other):
                pass
        with pytest.raises(InvalidRequestError):
            await yt.issues.attachments.save(other.url or "", "/nonexistent-dir/never")
    finally:
        await runner.cleanup()
    assert seen == []


async def test_download_of_unknown_file_raises_not_found(yt: YouTrack) -> None:
    with pytest.raises(NotFoundError):
        async for _ in yt.issues.attachments.download("/api/files/7-999?sign=abc"):
            pass


async def test_upload_under_a_context_path(tmp_path: Path) -> None:
    async with (
        FakeYouTrack(seed="demo", context_path="/youtrack") as fake,
        YouTrack(fake.url, token=fake.token) as yt,
    ):
        [attachment] = await yt.issues.attachments.upload("SP-1", b"ctx", name="c.txt")
        assert attachment.url is not None
        assert attachment.url.startswith("/youtrack/api/files/")
        assert b"".join([c async for c in yt.issues.attachments.download(attachment)]) == b"ctx"

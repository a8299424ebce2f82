"""yt.issues.attachments: streamed uploads, downloads, save, rename, delete."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import hashlib
import io
import json
import os
import threading
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from aioyoutrack import RetryPolicy, YouTrack
from aioyoutrack.errors import (
    APIConnectionError,
    APIStatusError,
    InvalidRequestError,
    NotFoundError,
    UnexpectedResponseError,
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


async def test_bytes_over_a_mebibyte_upload_and_resend_without_a_warning(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    # aiohttp warns (ResourceWarning) about bytes bodies over 1 MiB: under -W error, as
    # here (pyproject's filterwarnings), that warning was the call's exception.
    data = os.urandom(3 * MB)
    text = "x" * (2 * MB)
    body = json.dumps({"text": text}).encode()
    fake.faults.add("api/issues/SP-4/comments", status=503, retry_after=0, times=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [created] = await yt.issues.attachments.upload("SP-4", data, name="big.bin")
        comment = await yt.request("POST", "api/issues/SP-4/comments", data=body)
    stored = next(a for a in fake.issue("SP-4").attachments if a.id == created.id)
    assert stored.data == data
    # Refused once, then sent again whole: the body is replayable as bytes are.
    assert fake.stats.by_status[503] == 1
    assert fake.issue("SP-4").comments[-1].text == text
    assert comment is not None
    # JSON and str bodies of that size alike (a long description; a body as text).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await yt.issues.comments.add("SP-4", "é" * (2 * MB))
        await yt.request("POST", "api/issues/SP-4/comments", data=json.dumps({"text": text}))
    assert [c.text for c in fake.issue("SP-4").comments[-2:]] == ["é" * (2 * MB), text]


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


async def test_an_upload_stream_that_raises_gives_the_caller_their_exception(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    class SourceBroke(Exception):
        pass

    broke = SourceBroke("the source broke")

    async def breaking() -> AsyncIterator[bytes]:
        yield b"x" * 65536
        raise broke

    # Theirs, unchanged (not a connection error), and never sent again.
    with pytest.raises(SourceBroke) as caught:
        await yt.issues.attachments.upload("SP-1", breaking(), name="broken.bin")
    assert caught.value is broke
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None
    assert yt.in_flight == 0
    assert "broken.bin" not in [a.name async for a in yt.issues.attachments.list("SP-1")]


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


@pytest.mark.parametrize("step", ["open", "write", "replace"])
async def test_a_save_cancelled_in_any_file_step_leaves_no_file_and_no_handle(
    yt: YouTrack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Each file step runs in a worker thread the cancellation cannot stop: the save
    waits for it, then closes and removes the partial file (review: a cancel during the
    open left the file and its handle behind)."""
    from aioyoutrack.resources import attachments as module

    [attachment] = await yt.issues.attachments.upload("SP-1", b"z" * 1000, name="c.bin")
    entered, release = threading.Event(), threading.Event()
    real = {"open": open, "write": None, "replace": os.replace}

    def held(func: Any) -> Any:
        def run(*args: Any) -> Any:
            entered.set()
            release.wait(10)
            return func(*args)

        return run

    if step == "open":
        monkeypatch.setattr(module, "open", held(real["open"]), raising=False)
    elif step == "replace":
        monkeypatch.setattr(module.os, "replace", held(real["replace"]))
    else:
        real_open = open

        class Slow(io.BufferedWriter):
            write = held(io.BufferedWriter.write)  # type: ignore[assignment]

        def opening(path: str, mode: str) -> Any:
            return Slow(real_open(path, mode, buffering=0))

        monkeypatch.setattr(module, "open", opening, raising=False)
    target = tmp_path / "c.bin"
    task = asyncio.create_task(yt.issues.attachments.save(attachment, target))
    assert await asyncio.to_thread(entered.wait, 10)
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        gc.collect()  # an unclosed handle would warn here
    left = sorted(await asyncio.to_thread(os.listdir, tmp_path))
    # Cancelled during the rename, the rename completes: the whole file, nothing else.
    assert left == (["c.bin"] if step == "replace" else [])
    if step == "replace":
        assert await asyncio.to_thread(target.read_bytes) == b"z" * 1000


async def test_a_save_cancelled_twice_while_opening_leaves_no_file_and_no_handle(
    yt: YouTrack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second cancellation ends the save before its worker thread has opened the
    partial file: the file is closed and removed when the thread ends (review: it
    stayed, open)."""
    from aioyoutrack.resources import attachments as module

    [attachment] = await yt.issues.attachments.upload("SP-1", b"z" * 1000, name="c.bin")
    entered, release, opened = threading.Event(), threading.Event(), threading.Event()

    def held_open(*args: Any) -> Any:
        entered.set()
        release.wait(10)
        try:
            return open(*args)
        finally:
            opened.set()

    discarded = asyncio.Event()
    discard = module._discard

    def discarding(handle: Any, path: str) -> None:
        discard(handle, path)
        discarded.set()

    monkeypatch.setattr(module, "open", held_open, raising=False)
    monkeypatch.setattr(module, "_discard", discarding)
    task = asyncio.create_task(yt.issues.attachments.save(attachment, tmp_path / "c.bin"))
    assert await asyncio.to_thread(entered.wait, 10)
    task.cancel()
    for _ in range(3):  # the save takes the first cancellation and waits for the thread
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release.set()
    assert await asyncio.to_thread(opened.wait, 10)
    await asyncio.wait_for(discarded.wait(), 10)
    assert await asyncio.to_thread(os.listdir, tmp_path) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        gc.collect()  # an unclosed handle would warn here


def test_a_partial_file_opened_for_a_save_that_ended_is_removed_at_once(
    tmp_path: Path,
) -> None:
    """At loop shutdown the save ends while its worker thread still opens the partial
    file, and no callback runs after: the thread itself closes and removes it (review)."""
    from aioyoutrack.resources import attachments as module

    abandoned = threading.Event()
    kept = module._open_partial(str(tmp_path / "kept.part"), abandoned)
    kept.close()
    assert os.listdir(tmp_path) == ["kept.part"]
    abandoned.set()
    dropped = module._open_partial(str(tmp_path / "dropped.part"), abandoned)
    assert dropped.closed
    assert os.listdir(tmp_path) == ["kept.part"]


async def test_a_save_that_cannot_write_is_a_typed_error_and_leaves_nothing(
    yt: YouTrack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aioyoutrack.resources import attachments as module

    [attachment] = await yt.issues.attachments.upload("SP-1", b"z" * 1000, name="f.bin")

    class Full(io.BufferedWriter):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def opening(path: str, mode: str) -> Any:
        return Full(open(path, mode, buffering=0))

    monkeypatch.setattr(module, "open", opening, raising=False)
    with pytest.raises(InvalidRequestError, match=r"cannot write .*No space left") as info:
        await yt.issues.attachments.save(attachment, tmp_path / "f.bin")
    assert isinstance(info.value.__cause__, OSError)
    monkeypatch.undo()
    assert await asyncio.to_thread(os.listdir, tmp_path) == []

    # The target turned into a folder while the download ran: the rename fails.
    def replacing(source: str, target: str) -> None:
        os.mkdir(target)
        os.replace(source, target)

    monkeypatch.setattr(module.os, "replace", replacing)
    with pytest.raises(InvalidRequestError, match="cannot write"):
        await yt.issues.attachments.save(attachment, tmp_path / "g.bin")
    assert await asyncio.to_thread(os.listdir, tmp_path) == ["g.bin"]


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


# --- downloads that cannot write the wrong thing -----------------------------------


def _files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


async def test_save_by_attachment_id_looks_it_up_in_the_issue(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"by id", name="id.txt")
    assert attachment.id is not None
    fake.stats.log.clear()
    target = tmp_path / "id.txt"
    assert await yt.issues.attachments.save(attachment.id, target, issue_id="SP-1") == 5
    assert target.read_bytes() == b"by id"
    assert [r.path for r in fake.stats.log] == [
        f"api/issues/SP-1/attachments/{attachment.id}",
        f"api/files/{attachment.id}",
    ]
    # An attachment object without its url, with the issue: looked up the same way.
    slim = IssueAttachment(id=attachment.id)
    chunks = yt.issues.attachments.download(slim, issue_id="SP-1")
    assert b"".join([c async for c in chunks]) == b"by id"
    with pytest.raises(NotFoundError):
        await yt.issues.attachments.save(attachment.id, tmp_path / "x", issue_id="SP-2")
    assert _files_in(tmp_path) == {"id.txt": b"by id"}


async def test_an_attachment_id_without_its_issue_is_refused_before_sending(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    # The issue's case: an id where a url was expected wrote YouTrack's UI page.
    [attachment] = await yt.issues.attachments.upload("SP-1", b"data", name="d.txt")
    assert attachment.id is not None
    target = tmp_path / "mine.txt"
    target.write_bytes(b"keep me")
    fake.stats.log.clear()
    with pytest.raises(InvalidRequestError, match="is an attachment id: pass issue_id="):
        await yt.issues.attachments.save(attachment.id, target)
    with pytest.raises(InvalidRequestError, match="is an attachment id"):
        yt.issues.attachments.download(attachment.id)
    with pytest.raises(InvalidRequestError, match="neither an attachment id"):
        await yt.issues.attachments.save("crash.log", target)
    with pytest.raises(InvalidRequestError, match="issue_id"):
        await yt.issues.attachments.save(attachment.id, target, issue_id=" ")
    assert list(fake.stats.log) == []
    assert _files_in(tmp_path) == {"mine.txt": b"keep me"}


async def test_an_html_page_instead_of_the_attachment_leaves_the_file_untouched(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"real", name="r.txt")
    target = tmp_path / "mine.txt"
    target.write_bytes(b"keep me")
    # A wrong url can get a UI page with status 200 (here from a fault under /api, since
    # a url outside /api is refused before sending: the token goes with it).
    page = "<html><body>YouTrack</body></html>"
    fake.faults.add("api/files/wrong", status=200, body=page, content_type="text/html")
    wrong = attrs.evolve(attachment, url="/api/files/wrong")
    with pytest.raises(UnexpectedResponseError, match="text/html instead of the attachment") as e:
        await yt.issues.attachments.save(wrong, target)
    assert "the attachment is text/plain" in str(e.value)
    assert e.value.status == 200
    assert e.value.content_type == "text/html"
    assert "<html" in (e.value.body or "")
    with pytest.raises(UnexpectedResponseError, match="pass the attachment object"):
        await yt.issues.attachments.save("/api/files/wrong", target)
    chunks = yt.issues.attachments.download("/api/files/wrong")
    with pytest.raises(UnexpectedResponseError):
        await anext(chunks)  # refused before the first chunk
    assert _files_in(tmp_path) == {"mine.txt": b"keep me"}


@pytest.mark.parametrize(
    "url",
    [
        "/issue/SP-1",
        "a/b",
        "/api/files/../admin/users",
        "api/files/./1-1",
        "/api/files/%2e%2e/admin/users",
        "/apix/files/1",
        # encoded slashes, which a server may decode (hostile-server review)
        "/api/files/..%2f..%2fadmin%2fusers",
        "/api/files/%2e%2e%2f%2e%2e%2fadmin",
        "/api/files/%252e%252e%252fadmin",
        "/api/..%5Cadmin",
        "/api/files\\..\\admin",
        "/api/files/%2525252525252e",
    ],
)
async def test_a_url_outside_the_api_is_refused_before_sending(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path, url: str
) -> None:
    sent = len(fake.stats.log)
    with pytest.raises(InvalidRequestError, match="must be a path under /api/"):
        await anext(yt.issues.attachments.download(url))
    with pytest.raises(InvalidRequestError, match="must be a path under /api/"):
        await yt.issues.attachments.save(url, tmp_path / "never.bin")
    assert len(fake.stats.log) == sent
    assert _files_in(tmp_path) == {}


async def test_an_html_attachment_is_saved_when_its_type_says_so(
    yt: YouTrack, tmp_path: Path
) -> None:
    page = b"<!DOCTYPE html><html><body>report</body></html>"
    [attachment] = await yt.issues.attachments.upload("SP-1", page, name="report.html")
    assert attachment.mime_type == "text/html"
    assert await yt.issues.attachments.save(attachment, tmp_path / "r.html") == len(page)
    assert (tmp_path / "r.html").read_bytes() == page
    assert attachment.id is not None
    await yt.issues.attachments.save(attachment.id, tmp_path / "by-id.html", issue_id="SP-1")
    assert (tmp_path / "by-id.html").read_bytes() == page


class _FileServer:
    """A loopback YouTrack for what the fake does not show: an attachment lookup
    (issue and article) whose file answers as ``mode`` says - the file, a JSON error
    body with status 200, a body shorter than the attachment's size, or a connection
    dropped in the middle of the body."""

    DATA = b"0123456789"

    def __init__(self) -> None:
        self.mode = "ok"
        self.app = web.Application()
        self.app.router.add_get("/api/{owner}/{id}/attachments/{aid}", self.item)
        self.app.router.add_get("/api/files/{aid}", self.file)

    async def item(self, request: web.Request) -> web.Response:
        aid = request.match_info["aid"]
        return web.json_response(
            {
                "$type": "IssueAttachment",
                "url": f"/api/files/{aid}?sign=s",
                "mimeType": "application/pdf",
                "size": len(self.DATA),
            }
        )

    async def file(self, request: web.Request) -> web.StreamResponse:
        if self.mode == "json":
            return web.json_response({"error": "invalid_sign"}, status=200)
        if self.mode == "short":
            return web.Response(body=self.DATA[:4], content_type="application/pdf")
        if self.mode == "drop":
            response = web.StreamResponse(headers={"Content-Length": str(len(self.DATA))})
            response.content_type = "application/pdf"
            await response.prepare(request)
            await response.write(self.DATA[:4])
            assert request.transport is not None
            request.transport.close()
            return response
        return web.Response(body=self.DATA, content_type="application/pdf")


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("json", UnexpectedResponseError),
        ("short", UnexpectedResponseError),
        ("drop", APIConnectionError),
    ],
)
async def test_a_body_that_is_not_the_attachment_writes_nothing(
    tmp_path: Path, mode: str, error: type[Exception]
) -> None:
    files = _FileServer()
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"keep me")
    async with (
        TestServer(files.app, host="127.0.0.1") as server,
        YouTrack(
            str(server.make_url("/")), token="perm:test", retry=RetryPolicy(max_retries=0)
        ) as yt,
    ):
        assert await yt.issues.attachments.save("7-3", target, issue_id="SP-1") == 10
        assert target.read_bytes() == files.DATA
        target.write_bytes(b"keep me")
        files.mode = mode
        with pytest.raises(error):
            await yt.issues.attachments.save("7-3", target, issue_id="SP-1")
        with pytest.raises(error):
            await yt.articles.attachments.save("7-3", target, article_id="KB-A-1")
    assert _files_in(tmp_path) == {"doc.pdf": b"keep me"}


async def test_article_attachment_by_id(tmp_path: Path) -> None:
    files = _FileServer()
    async with (
        TestServer(files.app, host="127.0.0.1") as server,
        YouTrack(str(server.make_url("/")), token="perm:test") as yt,
    ):
        assert await yt.articles.attachments.save("7-4", tmp_path / "a", article_id="KB-A-1") == 10
        chunks = yt.articles.attachments.download("7-4", article_id="KB-A-1")
        assert b"".join([c async for c in chunks]) == files.DATA
        with pytest.raises(InvalidRequestError, match="pass article_id="):
            await yt.articles.attachments.save("7-4", tmp_path / "b")
    assert _files_in(tmp_path) == {"a": files.DATA}


# ---- named, typed path ids and the one declaration style


async def test_download_arguments_are_checked_when_asked_for(
    yt: YouTrack, fake: FakeYouTrack
) -> None:
    for download in (yt.issues.attachments.download, yt.articles.attachments.download):
        with pytest.raises(InvalidRequestError, match="chunk_size must be a positive int"):
            download("/api/files/7-0?sign=x", chunk_size=0)
        with pytest.raises(InvalidRequestError, match="is an attachment id: pass"):
            download("7-0")
    assert fake.stats.requests == 0


async def test_issue_attachment_update_by_named_ids(yt: YouTrack, fake: FakeYouTrack) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"abc", name="a.txt")
    assert attachment.id is not None
    renamed = await yt.issues.attachments.update("SP-1", attachment_id=attachment.id, name="b.txt")
    assert renamed.name == "b.txt"
    fetched = await yt.issues.attachments.get(issue_id="SP-1", attachment_id=attachment.id)
    assert fetched.name == "b.txt"
    with pytest.raises(InvalidRequestError, match="nothing to update: pass name= or body="):
        await yt.issues.attachments.update("SP-1", attachment.id)
    with pytest.raises(InvalidRequestError, match="attachment_id must not be empty"):
        await yt.issues.attachments.delete("SP-1", "")


@pytest.mark.parametrize(
    "bad", ["\x00", "x\x00y", "x\ud800"], ids=["nul", "inner nul", "surrogate"]
)
async def test_save_and_upload_refuse_unwritable_path_text(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path, bad: str
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"abc", name="p.txt")
    sent = len(fake.stats.log)
    with pytest.raises(InvalidRequestError, match="cannot write beside"):
        await yt.issues.attachments.save(attachment, str(tmp_path / bad))
    with pytest.raises(InvalidRequestError):  # by its name (a NUL) or when opened
        await yt.issues.attachments.upload("SP-1", str(tmp_path / bad))
    assert len(fake.stats.log) == sent


async def test_save_refuses_a_directory_before_downloading(
    yt: YouTrack, fake: FakeYouTrack, tmp_path: Path
) -> None:
    [attachment] = await yt.issues.attachments.upload("SP-1", b"abc", name="d.txt")
    sent = len(fake.stats.log)
    with pytest.raises(InvalidRequestError, match="is a directory"):
        await yt.issues.attachments.save(attachment, tmp_path)
    assert len(fake.stats.log) == sent
    assert await asyncio.to_thread(os.listdir, tmp_path) == []

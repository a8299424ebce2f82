"""The Inflater: compressed downloads inflated chunk by chunk, and a stream cut short
noticed (aiohttp does not check that a gzip body reached its end)."""

from __future__ import annotations

import gzip
import random
import zlib

import aiohttp
import pytest

from aioyoutrack._inflate import Inflater, inflate_whole, unreadable_codings

DATA = random.Random(7).randbytes(40_000) + b"text " * 20_000


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


# mtime=0: the same bytes in every run, so the test ids built from them are stable.
ENCODED = {
    "gzip": gzip.compress(DATA, mtime=0),
    "x-gzip": gzip.compress(DATA, mtime=0),
    "deflate": zlib.compress(DATA),  # zlib framing, as HTTP defines "deflate"
    "raw deflate": _raw_deflate(DATA),  # as many servers send "deflate"
}


def _inflate(coding: str, body: bytes, chunk: int, most: int) -> bytes:
    inflater = Inflater.for_coding("deflate" if coding == "raw deflate" else coding)
    assert inflater is not None
    out = []
    for start in range(0, len(body), chunk):
        out.append(inflater.feed(body[start : start + chunk], most))
        while more := inflater.pending(most):
            out.append(more)
    out.append(inflater.finish())
    assert not most or all(len(part) <= most for part in out)
    return b"".join(out)


@pytest.mark.parametrize("coding", sorted(ENCODED))
@pytest.mark.parametrize(("chunk", "most"), [(1, 0), (7, 100), (1000, 4096), (10**6, 0)])
def test_every_coding_inflates_whole_in_any_chunking(coding: str, chunk: int, most: int) -> None:
    assert _inflate(coding, ENCODED[coding], chunk, most) == DATA


@pytest.mark.parametrize(("chunk", "most"), [(1000, 0), (1000, 4096), (10**6, 100)])
def test_gzip_members_one_after_another_are_one_body(chunk: int, most: int) -> None:
    body = gzip.compress(DATA) + gzip.compress(b"tail") + gzip.compress(b"")
    assert _inflate("gzip", body, chunk, most) == DATA + b"tail"


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", ENCODED["gzip"][: len(ENCODED["gzip"]) // 2]),
        ("gzip", ENCODED["gzip"][:-4]),  # only the length trailer missing
        ("gzip", ENCODED["gzip"][:5]),
        ("deflate", ENCODED["deflate"][:-10]),
        ("deflate", b"x"),
    ],
)
def test_a_body_cut_short_is_a_payload_error(coding: str, body: bytes) -> None:
    with pytest.raises(aiohttp.ClientPayloadError, match="cut short"):
        _inflate(coding, body, 1000, 4096)


def test_a_corrupt_body_is_a_payload_error_and_a_coding_it_cannot_read_a_lookup_error() -> None:
    with pytest.raises(aiohttp.ClientPayloadError, match="corrupt"):
        _inflate("gzip", b"garbage" * 100, 1000, 0)
    with pytest.raises(LookupError):
        Inflater.for_coding("br")
    assert Inflater.for_coding(None) is None
    assert Inflater.for_coding(" Identity ") is None
    assert Inflater.for_coding("GZIP") is not None


def test_bytes_after_a_deflate_stream_are_ignored_as_aiohttp_ignores_them() -> None:
    assert _inflate("deflate", ENCODED["deflate"] + b"junk", 1000, 0) == DATA


def test_an_error_body_is_inflated_within_the_bound_or_kept_as_sent() -> None:
    error = b'{"error":"bad","error_description":"the real reason"}'
    assert inflate_whole(gzip.compress(error), "gzip", None) == (error, True)
    # Split into gzip members: every member, not only the first.
    members = gzip.compress(error[:30]) + gzip.compress(error[30:])
    assert inflate_whole(members, "gzip", None) == (error, True)
    assert inflate_whole(members, "gzip", 1000) == (error, True)
    # Past the bound: cut there, and said to be cut (an echo at the cut gets masked).
    assert inflate_whole(ENCODED["gzip"], "gzip", 10) == (DATA[:10], False)
    assert inflate_whole(b"not gzip", "gzip", None) == (b"not gzip", True)
    assert inflate_whole(b"raw", "br", None) == (b"raw", True)


def test_output_held_inside_zlib_after_a_full_chunk_is_not_lost() -> None:
    # A raw deflate stream whose last match outlives its input: with a max_length cut,
    # zlib keeps output back with no input left (a review found valid downloads failing
    # as "cut short", attachments.save among them).
    body = _raw_deflate(b"\x01" * 65_538)
    for most in (1, 7, 65_536):
        assert _inflate("raw deflate", body, 10**6, most) == b"\x01" * 65_538
    fuzz = random.Random(3)
    for _ in range(200):
        data = bytes(fuzz.choice(b"ab\x01") for _ in range(fuzz.randrange(1, 3000)))
        assert _inflate("raw deflate", _raw_deflate(data), fuzz.choice((7, 1000)), 7) == data


@pytest.mark.parametrize(
    ("header", "unreadable"),
    [
        ("gzip, deflate", []),
        ("identity", []),
        ("*", ["*"]),  # any coding: the server may pick br
        ("gzip;q=1, *;q=0.5", ["*"]),
        ("gzip, *;q=0", []),
        ("GZIP;q=0.5, x-gzip", []),
        ("br", ["br"]),
        ("br;q=0.9, gzip", ["br"]),
        ("br;q=0, zstd;q=0.000, gzip", []),
        ("zstd;q=1, br", ["zstd", "br"]),
        (" , gzip ,", []),
    ],
)
def test_the_codings_a_download_cannot_be_inflated_from(header: str, unreadable: list[str]) -> None:
    assert unreadable_codings(header) == unreadable

"""The Masker: the token in the forms a server may echo it, bytes, text, JSON, headers."""

from __future__ import annotations

import base64
import re
from urllib.parse import quote

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from aioyoutrack._masking import MASK, Masker

SECRET = "perm:YWRtaW4=.NDgtMQ==.ab/cd+ef"


def test_bytes_masks_the_verbatim_json_escaped_and_percent_encoded_forms() -> None:
    masker = Masker(SECRET)
    forms = [
        SECRET,
        SECRET.replace("/", "\\/"),
        quote(SECRET, safe=""),
        quote(SECRET),
        quote(SECRET, safe=":+="),  # a path segment's encoder: only the / escaped
        re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), quote(SECRET, safe="")),
        "".join(f"\\u{ord(c):04x}" for c in SECRET),  # every character JSON-escaped
        SECRET.replace("=", "\\u003d"),  # Gson escapes = by default
    ]
    for form in forms:
        masked = masker.bytes(f"<p>Authorization: Bearer {form}</p>".encode())
        assert masked == f"<p>Authorization: Bearer {MASK}</p>".encode(), form


def test_a_start_of_the_secret_at_the_end_of_a_cut_body_is_masked() -> None:
    masker = Masker(SECRET)
    assert masker.bytes(b"x" * 50 + SECRET[:20].encode(), cut=True) == b"x" * 50 + b"***"
    # Too short a start to be told from ordinary text; and not cut: left alone.
    assert masker.bytes(b"x perm:", cut=True) == b"x perm:"
    assert masker.bytes(SECRET[:20].encode()) == SECRET[:20].encode()


def test_bytes_leaves_other_data_alone() -> None:
    data = b'{"error": "invalid_grant", "error_description": "ab/cd"}'
    assert Masker(SECRET).bytes(data) is data


def test_text_masks_a_percent_encoded_or_form_encoded_secret_after_decoding() -> None:
    masker = Masker(SECRET)
    location = "https://sso.example/login?auth=Bearer+" + quote(SECRET, safe="")
    assert masker.text(location) == f"https://sso.example/login?auth=Bearer+{MASK}"
    assert masker.text("plain text, no secret: 50% + 1") == "plain text, no secret: 50% + 1"


def test_json_masks_every_string_at_any_depth_without_recursion() -> None:
    masker = Masker(SECRET)
    deep: object = {"token": SECRET}
    for _ in range(5000):
        deep = [deep]
    masked = masker.json({SECRET: deep, "n": 1, "ok": None})
    assert list(masked) == [MASK, "n", "ok"]
    inner = masked[MASK]
    for _ in range(5000):
        inner = inner[0]
    assert inner == {"token": MASK}
    assert masked["n"] == 1
    assert masked["ok"] is None


def test_headers_are_copied_only_when_a_value_holds_the_secret() -> None:
    masker = Masker(SECRET)
    clean = CIMultiDictProxy(CIMultiDict({"Content-Type": "text/html"}))
    assert masker.headers(clean) is clean
    echoed = CIMultiDictProxy(
        CIMultiDict([("X-Debug", f"Bearer {SECRET}"), ("Set-Cookie", "a"), ("Set-Cookie", "b")])
    )
    masked = masker.headers(echoed)
    assert masked["x-debug"] == f"Bearer {MASK}"
    assert list(masked.items())[1:] == [("Set-Cookie", "a"), ("Set-Cookie", "b")]


def test_an_empty_secret_masks_nothing() -> None:
    masker = Masker("")
    assert masker.bytes(b"abc") == b"abc"
    assert masker.text("abc") == "abc"
    assert masker.json({"a": "b"}) == {"a": "b"}
    assert repr(masker) == "<Masker>"


def test_the_secret_is_masked_in_any_case_and_encoding() -> None:
    masker = Masker(SECRET)
    for form in (SECRET.lower(), SECRET.upper(), quote(SECRET.lower(), safe="")):
        assert masker.text(f"x {form} y") == f"x {MASK} y", form
        assert masker.bytes(f"x {form} y".encode()) == f"x {MASK} y".encode(), form
    assert masker.bytes(b"x" * 9 + SECRET[:12].upper().encode(), cut=True) == b"x" * 9 + b"***"


#: A permanent token as YouTrack issues them: login, token name, then the random part.
TOKEN = "perm:YWRtaW4=.NDMtMA==.Zk3qP9wXvB2mR7tLq8Yh"
RANDOM_PART = TOKEN.rsplit(".", 1)[1]


def test_html_character_references_are_masked_in_any_mix() -> None:
    masker = Masker(TOKEN)
    forms = [
        "".join(f"&#x{ord(c):x};" if c in ":=" else c for c in TOKEN),  # ESAPI-style
        "".join(f"&#X{ord(c):X};" if c in ":=." else c for c in TOKEN),
        "".join(f"&#{ord(c)};" for c in TOKEN),  # every character, decimal
        TOKEN.replace(":", "&colon;").replace("=", "&equals;").replace(".", "&period;"),
    ]
    for form in forms:
        assert masker.text(f"Bearer {form} refused") == f"Bearer {MASK} refused", form
        assert masker.bytes(f"Bearer {form}".encode()) == f"Bearer {MASK}".encode(), form
    assert masker.text("Tom &amp; Jerry &#x3a; 50%") == "Tom &amp; Jerry &#x3a; 50%"


def test_the_random_part_of_a_token_is_masked_on_its_own() -> None:
    masker = Masker(TOKEN)
    assert masker.text(f"secret {RANDOM_PART} shown") == f"secret {MASK} shown"
    assert masker.text(f"token {TOKEN}.") == f"token {MASK}."  # the whole, as one
    assert masker.bytes(f"x {RANDOM_PART.lower()}".encode()) == f"x {MASK}".encode()
    cut = f"... {RANDOM_PART[:10]}".encode()
    assert masker.bytes(cut, cut=True) == f"... {MASK}".encode()
    # A token with a short last segment, or none, is masked only whole.
    assert Masker("perm:abc.def.ghi").text("ghi ghi") == "ghi ghi"
    assert Masker("plain-token-value").text("plain-token-value") == MASK


def test_a_utf16_echo_read_as_bytes_is_masked() -> None:
    masker = Masker(TOKEN)
    for codec in ("utf-16-le", "utf-16-be"):
        echoed = f"Authorization: Bearer {TOKEN}".encode(codec)
        masked = masker.bytes(echoed)
        assert RANDOM_PART.encode() not in masked.replace(b"\x00", b""), codec
        assert MASK.encode() in masked
        assert masker.text(echoed.decode("latin-1")).count(MASK) == 1


def _unmasked(masker: Masker, echoed: str) -> bool:
    """Whether ``echoed`` still shows the token or its random part after masking, as
    text or as UTF-8 bytes, once invisible characters are taken out."""
    plain = masker.text(echoed)
    data = masker.bytes(echoed.encode()).decode()
    shown = [re.sub("[\u200b\u200c\u200d\u2060\u00ad\ufeff]", "", s) for s in (plain, data)]
    return any(RANDOM_PART.lower() in s.lower() for s in shown)


def test_an_echo_with_invisible_characters_between_the_token_s_is_masked() -> None:
    masker = Masker(TOKEN)
    for invisible in [*"\u200b\u200c\u200d\u2060\u00ad\ufeff", "\u200b\u200b", "\u200b\u00ad"]:
        echoed = f"HTTP 401: {invisible.join(TOKEN)} is not valid"
        assert not _unmasked(masker, echoed), repr(invisible)
        assert masker.text(echoed) == f"HTTP 401: {MASK} is not valid"
    # A page with such characters elsewhere is left as it was.
    assert masker.text("soft\u00adhyphen") == "soft\u00adhyphen"


def test_the_token_and_its_random_part_are_masked_in_base64_at_any_alignment() -> None:
    masker = Masker(TOKEN)
    for secret in (TOKEN, RANDOM_PART):
        for before in ("", "A", "Au", "Authorization: Bearer "):
            for encode in (base64.b64encode, base64.urlsafe_b64encode):
                echoed = encode(f"{before}{secret} end".encode()).decode()
                masked = masker.text(f"dump: {echoed}")
                # What the masking left decodes to no part of the secret.
                assert MASK in masked, (secret, before)
                for part in masked.removeprefix("dump: ").split(MASK):
                    assert secret[:12] not in _decoded(part), (secret, before, part)
    assert masker.text("c29tZSBvcmRpbmFyeSBiYXNlNjQ=") == "c29tZSBvcmRpbmFyeSBiYXNlNjQ="


@pytest.mark.parametrize("width", [76, 64, 4, 1])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\\n", "\\r\\n"])
def test_base64_wrapped_into_lines_is_masked(width: int, newline: str) -> None:
    # base64.encodebytes, the base64 tool and RFC 2045 wrap at 76 columns, PEM at 64: a
    # dump of the request's head always breaks the Authorization line (review).
    masker = Masker(TOKEN)
    head = f"Host: example.com\r\nAuthorization: Bearer {TOKEN}\r\nAccept: */*\r\n"
    encoded = base64.b64encode(head.encode()).decode()
    wrapped = newline.join(encoded[i : i + width] for i in range(0, len(encoded), width))
    for masked in (masker.text(wrapped), masker.bytes(wrapped.encode()).decode()):
        assert MASK in masked
        unwrapped = masked.replace(newline, "")
        for part in unwrapped.split(MASK):
            assert RANDOM_PART[:12] not in _decoded(part), (width, part)
    # Ordinary base64 in lines is left as it was.
    plain = "c29tZSBvcmRpbmFy\neSBiYXNlNjQ="
    assert masker.text(plain) == plain


def test_the_token_and_its_random_part_are_masked_in_hex() -> None:
    masker = Masker(TOKEN)
    for secret in (TOKEN, RANDOM_PART):
        for dump in (secret.encode().hex(), secret.encode().hex().upper()):
            masked = masker.text(f"head: 4265617265722{dump}0d0a")
            assert dump not in masked
            assert MASK in masked
            assert masker.bytes(dump.encode()) == MASK.encode()
    assert masker.text("deadbeef" * 8) == "deadbeef" * 8


def test_an_echo_quoted_in_a_bytes_repr_is_masked() -> None:
    # aiohttp quotes a line of HTTP it cannot parse as a bytes repr: a NUL of UTF-16
    # shows as the four characters \x00, a zero-width space as \xe2\x80\x8b (review).
    masker = Masker(TOKEN)
    for echoed in (
        TOKEN.encode("utf-16-le"),
        "\u200b".join(TOKEN).encode(),
        "\u00ad\u200b".join(TOKEN).encode(),
    ):
        message = f"Bad status line {echoed!r}"
        masked = masker.text(message)
        assert MASK in masked, message
        shown = re.sub(r"\\x[0-9a-f]{2}", "", masked)
        assert RANDOM_PART not in shown, masked
        assert TOKEN not in shown, masked


def _decoded(part: str) -> str:
    """What a piece of base64 shows, at whichever alignment decodes."""
    shown = []
    for start in range(4):
        chunk = part[start:]
        chunk = chunk[: len(chunk) // 4 * 4]
        try:
            shown.append(base64.b64decode(chunk.replace("-", "+").replace("_", "/")).decode())
        except (ValueError, UnicodeDecodeError):
            continue
    return " ".join(shown)


def test_a_start_of_the_token_cut_short_is_masked_from_where_it_begins() -> None:
    # aiohttp quotes the first 100 bytes of a header line too long; shown() cuts a value
    # at 80 characters: either may end inside an echo of the token.
    token = "perm:cm9vdA==.NDctMQ==.wcKuAok8cHmAtzjA6xlc4BA5P8HJSm"
    masker = Masker(token)
    assert masker.text(f"b'pppBearer {token[:40]}...'") == f"b'pppBearer {MASK}...'"
    assert masker.text(f"{token[:30]}, {token.upper()[:20]}") == f"{MASK}, {MASK}"
    assert masker.text(f"x {token[:8]}") == f"x {MASK}"
    # Shorter starts are ordinary text; a longer one is masked as far as it matches.
    assert masker.text(f"x {token[:7]}") == f"x {token[:7]}"
    assert masker.text("perm:cm9vdA==.other") == f"{MASK}other"


def test_a_cut_start_is_masked_where_it_stands_whatever_the_text_lower_cases_to() -> None:
    # 'İ' lower-cases to two characters: positions found in a lower-cased copy were
    # applied to the text itself, one character off per 'İ' (review).
    token = "perm:YWRtaW4=.Y2kgdG9rZW4=.dBA19hzjHXmLicA7AERq"
    masker = Masker(token)
    assert masker.text("İstanbul name: " + token[:30]) == f"İstanbul name: {MASK}"
    assert masker.text("İ" * 20 + " dBA19hzjHXmLic") == "İ" * 20 + f" {MASK}"
    assert masker.text("İ dBA19hzjHXmLic and the rest") == f"İ {MASK} and the rest"
    # Many starts in one long text: each masked, the rest kept (one pass).
    many = (token[:8] + "x" * 18 + " ") * 20_000
    assert masker.text(many) == (MASK + "x" * 18 + " ") * 20_000

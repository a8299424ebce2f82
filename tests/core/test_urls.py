"""Building request URLs: quote_segment, query encoding, path resolution, redaction."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aioyoutrack import InvalidRequestError
from aioyoutrack._throttle import Throttle
from aioyoutrack._transport import Transport, quote_segment
from aioyoutrack._urls import encode_query, redact_url

_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _transport(base_url: str = "https://host/youtrack/") -> Transport:
    return Transport(
        base_url=base_url, authorization="Bearer perm:x", user_agent="ua", throttle=Throttle(1)
    )


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("SP-8", "SP-8"),
        ("2-17", "2-17"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("my tag", "my%20tag"),
        ("Größe", "Gr%C3%B6%C3%9Fe"),
        ("a+b&c=d;e", "a%2Bb%26c%3Dd%3Be"),
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "..."),
        ("~x_y.z", "~x_y.z"),
    ],
)
def test_quote_segment_encodes_everything_but_unreserved(value: str, quoted: str) -> None:
    assert quote_segment(value) == quoted


@given(st.text(min_size=1).filter(lambda s: s not in (".", "..")))
def test_quote_segment_round_trips_and_leaves_only_unreserved(value: str) -> None:
    try:
        quoted = quote_segment(value)
    except InvalidRequestError:
        # Only text that is not valid Unicode (lone surrogates) is refused.
        with pytest.raises(UnicodeEncodeError):
            value.encode("utf-8")
        return
    assert set(quoted) <= _UNRESERVED | set("%0123456789ABCDEF")
    assert unquote(quoted, errors="strict") == value


@pytest.mark.parametrize("value", ["", 5, None, b"SP-1", "\ud800"])
def test_quote_segment_refuses_empty_and_non_text(value: object) -> None:
    with pytest.raises(InvalidRequestError):
        quote_segment(value)  # type: ignore[arg-type]


def test_encode_query_handles_every_value_kind() -> None:
    query = encode_query(
        {
            "fields": "id,summary,customFields(name,value(name))",
            "$top": 100,
            "$skip": 0,
            "query": "project: {Sample Project} #Unresolved a+b&c=d",
            "customFields": ["Priority", "State"],
            "silent": True,
            "dry": False,
            "ratio": 0.5,
            "skipped": None,
            "tags": ("a", None, "b"),
        }
    )
    assert query == (
        "fields=id,summary,customFields(name,value(name))&$top=100&$skip=0"
        "&query=project:%20%7BSample%20Project%7D%20%23Unresolved%20a%2Bb%26c%3Dd"
        "&customFields=Priority&customFields=State&silent=true&dry=false&ratio=0.5"
        "&tags=a&tags=b"
    )


def test_encode_query_encodes_unicode_keys_and_values() -> None:
    assert encode_query({"q": "Größe ü", "k y": "v"}) == "q=Gr%C3%B6%C3%9Fe%20%C3%BC&k%20y=v"


@pytest.mark.parametrize(
    "params",
    [{"a": b"bytes"}, {"a": object()}, {"a": float("nan")}, {1: "x"}, {"a": [object()]}],
)
def test_encode_query_refuses_values_it_cannot_send(params: dict[object, object]) -> None:
    with pytest.raises(InvalidRequestError):
        encode_query(params)  # type: ignore[arg-type]


def test_relative_paths_join_the_service_root() -> None:
    t = _transport()
    assert t.url_for("api/users/me") == "https://host/youtrack/api/users/me"
    assert t.url_for("api/issues/SP%2F1", {"fields": "id"}) == (
        "https://host/youtrack/api/issues/SP%2F1?fields=id"
    )
    assert t.url_for("api/x?a=1", {"b": 2}) == "https://host/youtrack/api/x?a=1&b=2"
    assert t.url_for("api/x", {"b": None}) == "https://host/youtrack/api/x"


def test_characters_outside_a_valid_url_are_encoded_but_escapes_kept() -> None:
    t = _transport()
    assert t.url_for("api/issues/SP 1") == "https://host/youtrack/api/issues/SP%201"
    assert t.url_for("api/tags/Größe%2F") == "https://host/youtrack/api/tags/Gr%C3%B6%C3%9Fe%2F"
    assert t.url_for("api/x#y") == "https://host/youtrack/api/x%23y"


def test_origin_absolute_paths_keep_their_context_path_and_query() -> None:
    t = _transport()
    assert t.url_for("/youtrack/api/files/7-2?sign=abc%3D&updated=1") == (
        "https://host/youtrack/api/files/7-2?sign=abc%3D&updated=1"
    )
    assert t.url_for("/youtrack/api/files/7-2?sign=s", {"x": 1}) == (
        "https://host/youtrack/api/files/7-2?sign=s&x=1"
    )
    with pytest.raises(InvalidRequestError, match="//"):
        t.url_for("//evil.example/x")


def test_absolute_urls_must_be_same_origin() -> None:
    t = _transport("https://host:8443/youtrack/")
    same = "https://HOST:8443/youtrack/api/files/1?sign=x"
    assert t.url_for(same) == same
    for other in [
        "https://evil.example:8443/youtrack/api/files/1",
        "https://host/youtrack/api/files/1",
        "http://host:8443/youtrack/api/files/1",
        "https://host:8444/youtrack/api/files/1",
    ]:
        with pytest.raises(InvalidRequestError, match="refusing to send the token"):
            t.url_for(other)
    with pytest.raises(InvalidRequestError, match="user name"):
        t.url_for("https://u:p@host:8443/youtrack/")


def test_paths_must_be_strings() -> None:
    with pytest.raises(InvalidRequestError):
        _transport().url_for(b"api/x")  # type: ignore[arg-type]


def test_redact_url_hides_signatures_only() -> None:
    assert redact_url("https://h/api/files/1?sign=abc&updated=2") == (
        "https://h/api/files/1?sign=***&updated=2"
    )
    assert redact_url("https://h/api/files/1?updated=2&sign=abc") == (
        "https://h/api/files/1?updated=2&sign=***"
    )
    assert redact_url("https://h/api/x?design=abc") == "https://h/api/x?design=abc"
    assert redact_url("https://h/api/x") == "https://h/api/x"


def test_header_dicts_are_built_once_with_the_needed_headers() -> None:
    t = _transport()
    assert t.headers["Accept"] == "application/json"
    assert t.headers["Authorization"] == "Bearer perm:x"
    assert "Content-Type" not in t.headers
    assert t.json_headers["Content-Type"] == "application/json"
    assert t.stream_headers["Accept"] == "*/*"
    assert repr(t.headers["Authorization"]) == "'***'"

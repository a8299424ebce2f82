"""How each failure of one attempt maps to the error hierarchy (``connection_error``)."""

from __future__ import annotations

import asyncio
import ssl
from unittest import mock

import aiohttp
import pytest

from aioyoutrack import APIConnectionError, APITimeoutError
from aioyoutrack._responses import connection_error


def _key() -> mock.Mock:
    return mock.Mock(host="h", port=443, ssl=True)


CASES = [
    # exception, error class, start of the message, request sent, transient
    (aiohttp.ConnectionTimeoutError(), APITimeoutError, "timed out connecting", False, True),
    (
        aiohttp.ClientConnectorCertificateError(_key(), ssl.SSLCertVerificationError("bad")),
        APIConnectionError,
        "TLS handshake failed",
        False,
        False,
    ),
    (
        aiohttp.ClientConnectorError(_key(), OSError(111, "refused")),
        APIConnectionError,
        "cannot connect to the server",
        False,
        True,
    ),
    (asyncio.TimeoutError(), APITimeoutError, "timed out waiting", True, True),
    (aiohttp.ServerTimeoutError("slow"), APITimeoutError, "timed out waiting", True, True),
    (
        aiohttp.ServerDisconnectedError(),
        APIConnectionError,
        "the server closed the connection",
        True,
        True,
    ),
    (
        aiohttp.ClientPayloadError("cut"),
        APIConnectionError,
        "the response body was cut",
        True,
        True,
    ),
    (
        aiohttp.ClientResponseError(mock.Mock(real_url="u"), (), status=400, message="Bad"),
        APIConnectionError,
        "the server's answer is not valid HTTP (ClientResponseError: Bad)",
        True,
        True,
    ),
    (ConnectionResetError(104, "reset"), APIConnectionError, "the connection failed", True, True),
]


@pytest.mark.parametrize(("exc", "kind", "start", "sent", "transient"), CASES)
@pytest.mark.parametrize("idempotent", [True, False])
def test_each_failure_maps_to_its_error(
    exc: BaseException, kind: type, start: str, sent: bool, transient: bool, idempotent: bool
) -> None:
    error = connection_error(exc, "POST", "https://h/api/x?sign=s3cret", idempotent)
    assert type(error) is kind
    assert error.message.startswith(start), error.message
    assert error.request_sent is sent
    # Only a request that went out can have been applied, and only a non-idempotent one.
    assert error.may_have_been_applied is (sent and not idempotent)
    assert error._transient is transient
    assert "s3cret" not in str(error)

"""The exception types themselves: every error survives pickling and copying whole."""

from __future__ import annotations

import copy
import pickle

import pytest

from aioyoutrack import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    CustomFieldError,
    NotFoundError,
    RateLimitError,
    RedirectError,
    ResponseValidationError,
    ServerError,
    UnexpectedResponseError,
    UnknownCustomFieldError,
    YouTrackError,
)

URL = "https://yt.example.com/api/issues/SP-1"

ERRORS: list[YouTrackError] = [
    NotFoundError(
        "not found",
        status=404,
        method="GET",
        url=URL,
        error="Not Found",
        error_description="Entity with id SP-1 not found",
        error_children=[{"error": "x"}],
        body={"error": "Not Found"},
        headers={"Content-Type": "application/json"},
    ),
    APIStatusError("teapot", status=418),
    RateLimitError("slow down", status=429, retry_after=3.0, method="GET", url=URL),
    ServerError("boom", status=500, method="POST", url=URL, may_have_been_applied=True),
    APIConnectionError("reset", method="POST", url=URL, may_have_been_applied=True),
    APITimeoutError("timed out", request_sent=False),
    RedirectError("refused", location="https://other.example/", status=302, method="GET"),
    UnexpectedResponseError("html", status=200, content_type="text/html", body="<html>"),
    ResponseValidationError("bad", errors=["expected int @ $.id"], model=dict, url=URL),
    CustomFieldError("no such value", field="Priority", project="SP"),
    UnknownCustomFieldError("no field 'Prio'", field="Prio", project="SP"),
    ConfigurationError("no URL"),
    ClientClosedError("closed"),
]


def _state(error: YouTrackError) -> tuple[object, ...]:
    return (type(error), error.args, str(error), vars(error))


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_attributes(error: YouTrackError) -> None:
    # Errors cross process pools (concurrent.futures) and task queues pickled.
    again = pickle.loads(pickle.dumps(error))
    assert _state(again) == _state(error)


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_copies_with_its_attributes(error: YouTrackError) -> None:
    assert _state(copy.copy(error)) == _state(error)
    assert _state(copy.deepcopy(error)) == _state(error)

"""aioyoutrack: the asyncio client for the JetBrains YouTrack REST API."""

import logging as _logging

from ._client import YouTrack
from ._constants import LOGGER_NAME as _LOGGER_NAME
from ._retry import RetryPolicy
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    CustomFieldError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseValidationError,
    ServerError,
    UnexpectedResponseError,
    YouTrackError,
)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "CustomFieldError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseValidationError",
    "RetryPolicy",
    "ServerError",
    "UnexpectedResponseError",
    "YouTrack",
    "YouTrackError",
    "__version__",
]

# Library convention: the application decides where log records go.
_logging.getLogger(_LOGGER_NAME).addHandler(_logging.NullHandler())

"""The fake's error responses, shaped like YouTrack's ``{error, error_description}``."""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = [
    "ApiError",
    "bad_request",
    "forbidden",
    "found",
    "invalid_properties",
    "not_found",
    "unauthorized",
]


class ApiError(Exception):
    """Raised by a handler or an operation; the server turns it into a JSON error."""

    def __init__(
        self,
        status: int,
        error: str,
        description: str,
        children: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{status} {error}: {description}")
        self.status = status
        self.error = error
        self.description = description
        self.children = children

    def body(self) -> dict[str, Any]:
        """The JSON body YouTrack would send."""
        body: dict[str, Any] = {"error": self.error, "error_description": self.description}
        if self.children is not None:
            body["error_children"] = self.children
        return body


def bad_request(description: str) -> ApiError:
    """400 ``bad_request``."""
    return ApiError(400, "bad_request", description)


def invalid_properties(problems: list[str], child: str = "invalid_value") -> ApiError:
    """400 ``invalid_properties`` with one ``error_children`` entry per problem, each
    with ``child`` as its ``error`` (an issue that breaks a rule of its project, such as
    a conditional field, is ``Issue-is-invalid``: devportal
    api-troubleshoot-updating-conditional-field.html)."""
    children = [
        {
            "error": child,
            "error_description": problem,
            "error_developer_message": problem,
        }
        for problem in problems
    ]
    return ApiError(400, "invalid_properties", problems[0], children)


def not_found(what: str | None = None) -> ApiError:
    """404 as YouTrack sends it for an unknown path or entity."""
    text = "HTTP 404 Not Found" if what is None else f"Entity with id {what} not found"
    return ApiError(404, "Not Found", text)


def forbidden(description: str) -> ApiError:
    """403 when the user lacks a permission."""
    return ApiError(403, "Forbidden", description)


def unauthorized(description: str) -> ApiError:
    """401 for a missing, wrong or banned token."""
    return ApiError(401, "Unauthorized", description)


_T = TypeVar("_T")


def found(value: _T | None, key: str) -> _T:
    """``value``, or the 404 naming ``key`` that YouTrack answers for what is not there."""
    if value is None:
        raise not_found(key)
    return value

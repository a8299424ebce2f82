"""aioyoutrack: the asyncio client for the JetBrains YouTrack REST API.

Every public name is imported when first used (PEP 562), so ``import aioyoutrack`` costs
next to nothing and ``aioyoutrack --help`` answers before aiohttp loads. Type checkers and
IDEs read the ``TYPE_CHECKING`` imports below.
"""

from __future__ import annotations

from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ActivityCategory",
    "ActivityCategoryId",
    "ActivityCursorPage",
    "ActivityFollower",
    "ActivityItem",
    "Agile",
    "Article",
    "ArticleComment",
    "AuthenticationError",
    "BadRequestError",
    "BundleElement",
    "ClientClosedError",
    "CommandList",
    "ConfigurationError",
    "ConflictError",
    "CursorDirection",
    "CursorPage",
    "CursorPager",
    "CustomField",
    "CustomFieldError",
    "DurationValue",
    "FieldType",
    "InvalidRequestError",
    "Issue",
    "IssueAttachment",
    "IssueComment",
    "IssueCountResponse",
    "IssueCustomField",
    "IssueLink",
    "IssueLinkType",
    "IssueTag",
    "IssueWorkItem",
    "LimitedVisibility",
    "LinkDirection",
    "Me",
    "NotFoundError",
    "Pager",
    "PeriodValue",
    "PermissionDeniedError",
    "Project",
    "ProjectCustomField",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SavedQuery",
    "ServerError",
    "Sprint",
    "Tag",
    "TextFieldValue",
    "UnbuiltPage",
    "UnexpectedResponseError",
    "UnknownCustomFieldError",
    "UnlimitedVisibility",
    "User",
    "UserGroup",
    "Visibility",
    "WorkItemType",
    "YouTrack",
    "YouTrackError",
    "__version__",
    "encode_custom_field",
    "encode_custom_fields",
    "field_metadata",
    "fields_for",
    "redact_headers",
    "structure",
    "unstructure",
]

# No run-time ``typing`` import on the path of ``aioyoutrack --help``: see _lazy.py.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from ._convert import structure, unstructure
    from ._custom_fields import encode_custom_field, encode_custom_fields
    from ._fields import field_metadata, fields_for
    from ._masking import redact_headers
    from ._pagination import CursorDirection, CursorPage, CursorPager, Pager, UnbuiltPage
    from ._retry import RetryPolicy
    from .client import YouTrack
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
        ResponseTooLargeError,
        ResponseValidationError,
        ServerError,
        UnexpectedResponseError,
        UnknownCustomFieldError,
        YouTrackError,
    )
    from .models import (
        ActivityCategory,
        ActivityCursorPage,
        ActivityItem,
        Agile,
        Article,
        ArticleComment,
        BundleElement,
        CommandList,
        CustomField,
        DurationValue,
        FieldType,
        Issue,
        IssueAttachment,
        IssueComment,
        IssueCountResponse,
        IssueCustomField,
        IssueLink,
        IssueLinkType,
        IssueTag,
        IssueWorkItem,
        LimitedVisibility,
        Me,
        PeriodValue,
        Project,
        ProjectCustomField,
        SavedQuery,
        Sprint,
        Tag,
        TextFieldValue,
        UnlimitedVisibility,
        User,
        UserGroup,
        Visibility,
        WorkItemType,
    )
    from .resources import ActivityCategoryId, ActivityFollower, LinkDirection
    from .resources import Direction as Direction  # deprecated: LinkDirection
else:
    from ._lazy import exports as _exports

    #: Module -> the public names it defines, but for the exceptions and the models:
    #: those are every other name of ``__all__``, the exceptions (``...Error``) from
    #: ``errors`` and the rest from ``models``, so that their lists are not written out
    #: a second time here. A new public name goes in ``__all__``, in the
    #: ``TYPE_CHECKING`` imports above and, unless it is an exception or a model, here.
    _EXPORTS: dict[str, tuple[str, ...]] = {
        ".client": ("YouTrack",),
        "._convert": (
            "structure",
            "unstructure",
        ),
        "._custom_fields": (
            "encode_custom_field",
            "encode_custom_fields",
        ),
        "._fields": (
            "field_metadata",
            "fields_for",
        ),
        "._pagination": (
            "CursorDirection",
            "CursorPage",
            "CursorPager",
            "Pager",
            "UnbuiltPage",
        ),
        "._retry": ("RetryPolicy",),
        "._masking": ("redact_headers",),
        ".resources": (
            "ActivityCategoryId",
            "ActivityFollower",
            "LinkDirection",
        ),
    }
    _rest = set(__all__) - {name for names in _EXPORTS.values() for name in names}
    _rest.discard("__version__")
    _EXPORTS[".errors"] = tuple(sorted(name for name in _rest if name.endswith("Error")))
    _EXPORTS[".models"] = tuple(sorted(name for name in _rest if not name.endswith("Error")))
    del _rest
    #: Old names: they still work for one release, and warn.
    _DEPRECATED = {"Direction": (".resources.links", "LinkDirection", "use LinkDirection")}
    __getattr__, __dir__ = _exports(
        __name__, _EXPORTS, ("errors", "models", "resources"), deprecated=_DEPRECATED
    )

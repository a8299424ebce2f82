"""Resources: one class per YouTrack URL subtree, attached to the client as attributes
(``yt.users``, ``yt.projects``, ``yt.issues`` with its sub-resources, ``yt.tags``,
``yt.commands``, ...). Users do not build them: they use the client's attributes.

Names load on first use (``_lazy.py``), so a client that never reads ``yt.articles``
never imports its module; type checkers read the ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._base import (
        ROUTES,
        Resource,
        Route,
    )
    from ._follow import CursorCallback
    from ._generic import (
        AddOp,
        CreateOp,
        DeleteOp,
        Endpoint,
        GetOp,
        ListOp,
        ReadOp,
        RemoveOp,
        UpdateOp,
        WriteOp,
    )
    from .activities import (
        ActivitiesResource,
        ActivityCategoryId,
        ActivityFollower,
        IssueActivitiesResource,
    )
    from .admin import (
        AdminResource,
        ProjectAdminResource,
    )
    from .agiles import (
        AgilesResource,
        SprintsResource,
    )
    from .articles import (
        ArticleCommentsResource,
        ArticlesResource,
    )
    from .attachments import IssueAttachmentsResource
    from .bundles import (
        BundlesResource,
        ElementBundles,
        UserBundles,
    )
    from .commands import CommandsResource
    from .comments import IssueCommentsResource
    from .custom_fields import CustomFieldsResource
    from .groups import GroupsResource
    from .issue_custom_fields import IssueCustomFieldsResource
    from .issue_extras import IssueProjectResource
    from .issues import (
        IssuesResource,
        Missing,
    )
    from .links import (
        Direction,
        IssueLinksResource,
        LinkTypesResource,
    )
    from .projects import ProjectsResource
    from .saved_queries import SavedQueriesResource
    from .search import SearchResource
    from .settings import GlobalSettingsResource
    from .tags import (
        IssueTagsResource,
        TagsResource,
    )
    from .user_profiles import UserProfilesResource
    from .users import UsersResource
    from .work_items import (
        IssueWorkItemsResource,
        WorkItemsResource,
    )
else:
    from .._lazy import exports as _exports

    #: Module -> the public names it defines. A new public name goes here, in the
    #: ``TYPE_CHECKING`` imports above and in ``__all__``.
    _EXPORTS: dict[str, tuple[str, ...]] = {
        "._base": (
            "ROUTES",
            "Resource",
            "Route",
        ),
        ".commands": ("CommandsResource",),
        ".comments": ("IssueCommentsResource",),
        ".issue_custom_fields": ("IssueCustomFieldsResource",),
        ".issues": (
            "IssuesResource",
            "Missing",
        ),
        ".projects": ("ProjectsResource",),
        ".tags": (
            "IssueTagsResource",
            "TagsResource",
        ),
        ".users": ("UsersResource",),
        "._follow": ("CursorCallback",),
        "._generic": (
            "AddOp",
            "CreateOp",
            "DeleteOp",
            "Endpoint",
            "GetOp",
            "ListOp",
            "ReadOp",
            "RemoveOp",
            "UpdateOp",
            "WriteOp",
        ),
        ".activities": (
            "ActivitiesResource",
            "ActivityCategoryId",
            "ActivityFollower",
            "IssueActivitiesResource",
        ),
        ".admin": (
            "AdminResource",
            "ProjectAdminResource",
        ),
        ".agiles": (
            "AgilesResource",
            "SprintsResource",
        ),
        ".articles": (
            "ArticleCommentsResource",
            "ArticlesResource",
        ),
        ".attachments": ("IssueAttachmentsResource",),
        ".bundles": (
            "BundlesResource",
            "ElementBundles",
            "UserBundles",
        ),
        ".custom_fields": ("CustomFieldsResource",),
        ".groups": ("GroupsResource",),
        ".issue_extras": ("IssueProjectResource",),
        ".links": (
            "Direction",
            "IssueLinksResource",
            "LinkTypesResource",
        ),
        ".saved_queries": ("SavedQueriesResource",),
        ".search": ("SearchResource",),
        ".settings": ("GlobalSettingsResource",),
        ".user_profiles": ("UserProfilesResource",),
        ".work_items": (
            "IssueWorkItemsResource",
            "WorkItemsResource",
        ),
    }
    _load, __dir__ = _exports(__name__, _EXPORTS)

    def __getattr__(name: str) -> object:
        if name == "ROUTES":
            # @route records a method when its module runs: the list is whole only once
            # every resource module has been imported.
            for module in _EXPORTS:
                __import__(__name__ + module)
        return _load(name)


__all__ = [
    "ROUTES",
    "CommandsResource",
    "IssueCommentsResource",
    "IssueCustomFieldsResource",
    "IssueTagsResource",
    "IssuesResource",
    "Missing",
    "ProjectsResource",
    "Resource",
    "Route",
    "TagsResource",
    "UsersResource",
]
# --- resources II __all__ additions (begin) ---
__all__ += [
    "ActivitiesResource",
    "ActivityCategoryId",
    "ActivityFollower",
    "AddOp",
    "AdminResource",
    "AgilesResource",
    "ArticleCommentsResource",
    "ArticlesResource",
    "BundlesResource",
    "CreateOp",
    "CursorCallback",
    "CustomFieldsResource",
    "DeleteOp",
    "Direction",
    "ElementBundles",
    "Endpoint",
    "GetOp",
    "GlobalSettingsResource",
    "GroupsResource",
    "IssueActivitiesResource",
    "IssueAttachmentsResource",
    "IssueLinksResource",
    "IssueProjectResource",
    "IssueWorkItemsResource",
    "LinkTypesResource",
    "ListOp",
    "ProjectAdminResource",
    "ReadOp",
    "RemoveOp",
    "SavedQueriesResource",
    "SearchResource",
    "SprintsResource",
    "UpdateOp",
    "UserBundles",
    "UserProfilesResource",
    "WorkItemsResource",
    "WriteOp",
]
# --- resources II __all__ additions (end) ---

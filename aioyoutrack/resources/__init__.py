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
    from .links import Direction as Direction  # deprecated: LinkDirection
    from .links import (
        IssueLinksResource,
        LinkDirection,
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
            "IssueLinksResource",
            "LinkDirection",
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
    _OPS_ADVICE = (
        "the operation classes are the older way to declare a resource; declare "
        "methods with route(), at() and Resource._call (see CONTRIBUTING.md)"
    )
    #: Old names: they still work for one release, and warn.
    _DEPRECATED = {
        "Direction": (".links", "LinkDirection", "use LinkDirection"),
        **{
            name: ("._generic", name, _OPS_ADVICE)
            for name in (
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
            )
        },
    }
    _load, __dir__ = _exports(__name__, _EXPORTS, deprecated=_DEPRECATED, wrapped=True)

    def __getattr__(name: str) -> object:
        if name == "ROUTES":
            # @route records a method when its module runs: the list is whole only once
            # every resource module has been imported.
            for module in _EXPORTS:
                __import__(__name__ + module)
        return _load(name)


__all__ = [
    "ROUTES",
    "ActivitiesResource",
    "ActivityCategoryId",
    "ActivityFollower",
    "AdminResource",
    "AgilesResource",
    "ArticleCommentsResource",
    "ArticlesResource",
    "BundlesResource",
    "CommandsResource",
    "CursorCallback",
    "CustomFieldsResource",
    "ElementBundles",
    "GlobalSettingsResource",
    "GroupsResource",
    "IssueActivitiesResource",
    "IssueAttachmentsResource",
    "IssueCommentsResource",
    "IssueCustomFieldsResource",
    "IssueLinksResource",
    "IssueProjectResource",
    "IssueTagsResource",
    "IssueWorkItemsResource",
    "IssuesResource",
    "LinkDirection",
    "LinkTypesResource",
    "Missing",
    "ProjectAdminResource",
    "ProjectsResource",
    "Resource",
    "Route",
    "SavedQueriesResource",
    "SearchResource",
    "SprintsResource",
    "TagsResource",
    "UserBundles",
    "UserProfilesResource",
    "UsersResource",
    "WorkItemsResource",
]

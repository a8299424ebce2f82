"""Resources: one class per YouTrack URL subtree, attached to the client as attributes
(``yt.users``, ``yt.projects``, ``yt.issues`` with its sub-resources, ``yt.tags``,
``yt.commands``, ...). Users do not build them: they use the client's attributes."""

from ._base import ROUTES, Resource, Route
from .commands import CommandsResource
from .comments import IssueCommentsResource
from .issue_custom_fields import IssueCustomFieldsResource
from .issues import IssuesResource, Missing
from .projects import ProjectsResource
from .tags import IssueTagsResource, TagsResource
from .users import UsersResource

# --- resources II exports (begin) ---
# isort: split
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
from .admin import AdminResource, ProjectAdminResource
from .agiles import AgilesResource, SprintsResource
from .articles import ArticleCommentsResource, ArticlesResource
from .attachments import IssueAttachmentsResource
from .bundles import BundlesResource, ElementBundles, UserBundles
from .custom_fields import CustomFieldsResource
from .groups import GroupsResource
from .issue_extras import IssueProjectResource
from .links import Direction, IssueLinksResource, LinkTypesResource
from .saved_queries import SavedQueriesResource
from .search import SearchResource
from .settings import GlobalSettingsResource
from .user_profiles import UserProfilesResource
from .work_items import IssueWorkItemsResource, WorkItemsResource

# --- resources II exports (end) ---

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

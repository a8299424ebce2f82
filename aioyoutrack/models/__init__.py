"""The attrs classes YouTrack entities are structured into.

Class names are the spec's schema names (and ``$type`` values); attributes are the spec's
property names in snake_case. Every attribute is optional (``None`` when the server did
not send it). Timestamps are timezone-aware UTC ``datetime`` objects.

A class is also the ``fields=`` projection of the requests returning it (see
:func:`aioyoutrack.fields_for`): the defaults ask for what a reader typically needs, and
nested entities only shallowly (an issue's project is ``id``, ``name``, ``shortName``).
Attributes whose values are expensive or have their own resource (an issue's comments,
a project's issues, an attachment's content) are left out. To get more or less, pass
your own attrs class as ``model=``, or subclass a default one::

    @attrs.define(kw_only=True, slots=True)
    class IssueWithComments(Issue):
        comments: list[IssueComment] | None = None

Families distinguished by ``$type`` (custom fields, bundle elements, activity items,
visibility, ...) structure to the subclass the server names, and to the family's root
class, with the attributes it knows, when a future server sends a ``$type`` this
version does not know.
"""

from __future__ import annotations

from typing import Any

import attrs

from . import activities as _activities
from . import admin_settings as _admin_settings
from . import agiles as _agiles
from . import articles as _articles
from . import attachments as _attachments
from . import bundles as _bundles
from . import commands as _commands
from . import comments as _comments
from . import custom_fields as _custom_fields
from . import issue_custom_fields as _issue_custom_fields
from . import issues as _issues
from . import links as _links
from . import profiles as _profiles
from . import projects as _projects
from . import queries as _queries
from . import reactions as _reactions
from . import search as _search
from . import tags as _tags
from . import time_tracking as _time_tracking
from . import users as _users
from . import visibility as _visibility
from . import work_items as _work_items
from ._deep import guard_deep_nesting
from .activities import (
    ActivityCategory,
    ActivityCursorPage,
    ActivityItem,
    AttachmentActivityItem,
    CommentActivityItem,
    CommentAttachmentsActivityItem,
    CreatedDeletedActivityItem,
    CustomFieldActivityItem,
    CustomFilterField,
    FieldChange,
    FieldValue,
    FilterField,
    IssueCreatedActivityItem,
    IssueKey,
    IssueResolvedActivityItem,
    LinksActivityItem,
    MultiValueActivityItem,
    PredefinedFilterField,
    ProjectActivityItem,
    SimpleValueActivityItem,
    SingleValueActivityItem,
    SprintActivityItem,
    TagsActivityItem,
    TextCustomFieldActivityItem,
    TextMarkupActivityItem,
    UsesMarkupActivityItem,
    VcsChange,
    VcsChangeActivityItem,
    VisibilityActivityItem,
    VisibilityGroupActivityItem,
    VisibilityUserActivityItem,
    VotersActivityItem,
    WorkItemActivityItem,
    WorkItemAuthorActivityItem,
    WorkItemDurationActivityItem,
    WorkItemTypeActivityItem,
)
from .admin_settings import (
    AppearanceSettings,
    BackupError,
    BackupFile,
    BackupStatus,
    DatabaseBackupSettings,
    DateFormatDescriptor,
    EmailSettings,
    GlobalSettings,
    License,
    LocaleDescriptor,
    LocaleSettings,
    Logo,
    NotificationSettings,
    OnlineUsers,
    RestCorsSettings,
    SystemSettings,
    Telemetry,
    TimeZoneDescriptor,
)
from .agiles import (
    Agile,
    AgileColumn,
    AgileColumnFieldValue,
    AgileSharingSettings,
    AgileStatus,
    ColumnSettings,
    DatabaseAttributeValue,
    Sprint,
    SprintsSettings,
    WIPLimit,
)
from .articles import (
    Article,
    ArticleAttachment,
    ArticleComment,
    BaseArticle,
)
from .attachments import (
    IssueAttachment,
)
from .bundles import (
    BaseBundle,
    BuildBundle,
    BuildBundleElement,
    Bundle,
    BundleElement,
    EnumBundle,
    EnumBundleElement,
    FieldStyle,
    LocalizableBundleElement,
    OwnedBundle,
    OwnedBundleElement,
    StateBundle,
    StateBundleElement,
    UserBundle,
    VersionBundle,
    VersionBundleElement,
)
from .commands import (
    CommandLimitedVisibility,
    CommandList,
    CommandUnlimitedVisibility,
    CommandVisibility,
    ParsedCommand,
    Suggestion,
)
from .comments import (
    IssueComment,
)
from .custom_fields import (
    BuildBundleCustomFieldDefaults,
    BuildProjectCustomField,
    BundleCustomFieldDefaults,
    BundleProjectCustomField,
    CustomField,
    CustomFieldCondition,
    CustomFieldDefaults,
    EnumBundleCustomFieldDefaults,
    EnumProjectCustomField,
    FieldBasedCondition,
    FieldType,
    GroupProjectCustomField,
    OwnedBundleCustomFieldDefaults,
    OwnedProjectCustomField,
    PeriodProjectCustomField,
    ProjectCustomField,
    SimpleProjectCustomField,
    StateBundleCustomFieldDefaults,
    StateProjectCustomField,
    TextProjectCustomField,
    UserCustomFieldDefaults,
    UserProjectCustomField,
    VersionBundleCustomFieldDefaults,
    VersionProjectCustomField,
)
from .issue_custom_fields import (
    DateIssueCustomField,
    IssueCustomField,
    MultiBuildIssueCustomField,
    MultiEnumIssueCustomField,
    MultiGroupIssueCustomField,
    MultiOwnedIssueCustomField,
    MultiUserIssueCustomField,
    MultiValueIssueCustomField,
    MultiVersionIssueCustomField,
    PeriodIssueCustomField,
    PeriodValue,
    SimpleIssueCustomField,
    SingleBuildIssueCustomField,
    SingleEnumIssueCustomField,
    SingleGroupIssueCustomField,
    SingleOwnedIssueCustomField,
    SingleUserIssueCustomField,
    SingleValueIssueCustomField,
    SingleVersionIssueCustomField,
    StateIssueCustomField,
    StateMachineIssueCustomField,
    TextFieldValue,
    TextIssueCustomField,
)
from .issues import (
    Issue,
    IssueCountResponse,
)
from .links import (
    IssueLink,
    IssueLinkType,
)
from .profiles import (
    GeneralUserProfile,
    NotificationsUserProfile,
    PeriodFieldFormat,
    TimeTrackingUserProfile,
)
from .projects import (
    IssueFolder,
    Project,
)
from .queries import (
    SavedQuery,
)
from .reactions import (
    Reaction,
)
from .search import (
    SearchSuggestions,
)
from .tags import (
    IssueTag,
    Tag,
    TagSharingSettings,
    WatchFolder,
    WatchFolderSharingSettings,
)
from .time_tracking import (
    GlobalTimeTrackingSettings,
    IssueTimeTracker,
    ProjectTimeTrackingSettings,
    WorkItemAttributePrototype,
    WorkItemProjectAttribute,
    WorkTimeSettings,
)
from .users import (
    AllUsersGroup,
    Me,
    NestedGroup,
    ProjectTeam,
    RegisteredUsersGroup,
    User,
    UserGroup,
    VcsUnresolvedUser,
)
from .visibility import (
    LimitedVisibility,
    UnlimitedVisibility,
    Visibility,
)
from .work_items import (
    BaseWorkItem,
    DurationValue,
    IssueWorkItem,
    WorkItemAttribute,
    WorkItemAttributeValue,
    WorkItemType,
)

__all__ = [
    "ActivityCategory",
    "ActivityCursorPage",
    "ActivityItem",
    "Agile",
    "AgileColumn",
    "AgileColumnFieldValue",
    "AgileSharingSettings",
    "AgileStatus",
    "AllUsersGroup",
    "AppearanceSettings",
    "Article",
    "ArticleAttachment",
    "ArticleComment",
    "AttachmentActivityItem",
    "BackupError",
    "BackupFile",
    "BackupStatus",
    "BaseArticle",
    "BaseBundle",
    "BaseWorkItem",
    "BuildBundle",
    "BuildBundleCustomFieldDefaults",
    "BuildBundleElement",
    "BuildProjectCustomField",
    "Bundle",
    "BundleCustomFieldDefaults",
    "BundleElement",
    "BundleProjectCustomField",
    "ColumnSettings",
    "CommandLimitedVisibility",
    "CommandList",
    "CommandUnlimitedVisibility",
    "CommandVisibility",
    "CommentActivityItem",
    "CommentAttachmentsActivityItem",
    "CreatedDeletedActivityItem",
    "CustomField",
    "CustomFieldActivityItem",
    "CustomFieldCondition",
    "CustomFieldDefaults",
    "CustomFilterField",
    "DatabaseAttributeValue",
    "DatabaseBackupSettings",
    "DateFormatDescriptor",
    "DateIssueCustomField",
    "DurationValue",
    "EmailSettings",
    "EnumBundle",
    "EnumBundleCustomFieldDefaults",
    "EnumBundleElement",
    "EnumProjectCustomField",
    "FieldBasedCondition",
    "FieldChange",
    "FieldStyle",
    "FieldType",
    "FieldValue",
    "FilterField",
    "GeneralUserProfile",
    "GlobalSettings",
    "GlobalTimeTrackingSettings",
    "GroupProjectCustomField",
    "Issue",
    "IssueAttachment",
    "IssueComment",
    "IssueCountResponse",
    "IssueCreatedActivityItem",
    "IssueCustomField",
    "IssueFolder",
    "IssueKey",
    "IssueLink",
    "IssueLinkType",
    "IssueResolvedActivityItem",
    "IssueTag",
    "IssueTimeTracker",
    "IssueWorkItem",
    "License",
    "LimitedVisibility",
    "LinksActivityItem",
    "LocaleDescriptor",
    "LocaleSettings",
    "LocalizableBundleElement",
    "Logo",
    "Me",
    "MultiBuildIssueCustomField",
    "MultiEnumIssueCustomField",
    "MultiGroupIssueCustomField",
    "MultiOwnedIssueCustomField",
    "MultiUserIssueCustomField",
    "MultiValueActivityItem",
    "MultiValueIssueCustomField",
    "MultiVersionIssueCustomField",
    "NestedGroup",
    "NotificationSettings",
    "NotificationsUserProfile",
    "OnlineUsers",
    "OwnedBundle",
    "OwnedBundleCustomFieldDefaults",
    "OwnedBundleElement",
    "OwnedProjectCustomField",
    "ParsedCommand",
    "PeriodFieldFormat",
    "PeriodIssueCustomField",
    "PeriodProjectCustomField",
    "PeriodValue",
    "PredefinedFilterField",
    "Project",
    "ProjectActivityItem",
    "ProjectCustomField",
    "ProjectTeam",
    "ProjectTimeTrackingSettings",
    "Reaction",
    "RegisteredUsersGroup",
    "RestCorsSettings",
    "SavedQuery",
    "SearchSuggestions",
    "SimpleIssueCustomField",
    "SimpleProjectCustomField",
    "SimpleValueActivityItem",
    "SingleBuildIssueCustomField",
    "SingleEnumIssueCustomField",
    "SingleGroupIssueCustomField",
    "SingleOwnedIssueCustomField",
    "SingleUserIssueCustomField",
    "SingleValueActivityItem",
    "SingleValueIssueCustomField",
    "SingleVersionIssueCustomField",
    "Sprint",
    "SprintActivityItem",
    "SprintsSettings",
    "StateBundle",
    "StateBundleCustomFieldDefaults",
    "StateBundleElement",
    "StateIssueCustomField",
    "StateMachineIssueCustomField",
    "StateProjectCustomField",
    "Suggestion",
    "SystemSettings",
    "Tag",
    "TagSharingSettings",
    "TagsActivityItem",
    "Telemetry",
    "TextCustomFieldActivityItem",
    "TextFieldValue",
    "TextIssueCustomField",
    "TextMarkupActivityItem",
    "TextProjectCustomField",
    "TimeTrackingUserProfile",
    "TimeZoneDescriptor",
    "UnlimitedVisibility",
    "User",
    "UserBundle",
    "UserCustomFieldDefaults",
    "UserGroup",
    "UserProjectCustomField",
    "UsesMarkupActivityItem",
    "VcsChange",
    "VcsChangeActivityItem",
    "VcsUnresolvedUser",
    "VersionBundle",
    "VersionBundleCustomFieldDefaults",
    "VersionBundleElement",
    "VersionProjectCustomField",
    "Visibility",
    "VisibilityActivityItem",
    "VisibilityGroupActivityItem",
    "VisibilityUserActivityItem",
    "VotersActivityItem",
    "WIPLimit",
    "WatchFolder",
    "WatchFolderSharingSettings",
    "WorkItemActivityItem",
    "WorkItemAttribute",
    "WorkItemAttributePrototype",
    "WorkItemAttributeValue",
    "WorkItemAuthorActivityItem",
    "WorkItemDurationActivityItem",
    "WorkItemProjectAttribute",
    "WorkItemType",
    "WorkItemTypeActivityItem",
    "WorkTimeSettings",
]


def _resolve_annotations() -> None:
    """Resolve every model's string annotations once, against all model modules.

    Modules that refer to each other import the other's names only for type checkers;
    resolving here, with every module's names, lets cattrs and ``fields_for`` see types.
    """
    modules = (
        _users,
        _projects,
        _bundles,
        _custom_fields,
        _issue_custom_fields,
        _visibility,
        _tags,
        _queries,
        _issues,
        _comments,
        _attachments,
        _links,
        _work_items,
        _agiles,
        _articles,
        _commands,
        _activities,
        _admin_settings,
        _profiles,
        _reactions,
        _search,
        _time_tracking,
    )
    namespace: dict[str, Any] = {}
    for module in modules:
        namespace.update(vars(module))
    for name in __all__:
        cls = namespace[name]
        if attrs.has(cls):  # not the type aliases (FieldValue, ...)
            attrs.resolve_types(cls, globalns=namespace, localns=namespace)


_resolve_annotations()


for _name in __all__:
    _model = globals()[_name]
    if isinstance(_model, type) and attrs.has(_model):
        guard_deep_nesting(_model)
del _name, _model

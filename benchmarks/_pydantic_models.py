"""pydantic v2 models of the same shape as aioyoutrack's ``Issue`` (benchmark only).

They mirror the attrs classes that a 100-issue page structures into: the same
attributes (all optional, default None), camelCase aliases, ``$type`` discriminated
unions for the custom-field and project-custom-field families, epoch milliseconds as
aware ``datetime`` (pydantic reads large numbers as milliseconds) and a date field's
midday-UTC milliseconds as ``date``. This is how the strongest Python peers model
YouTrack. pydantic is not a dependency of aioyoutrack: install it from
``benchmarks/requirements.txt``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter
from pydantic.alias_generators import to_camel


def _ms_to_date(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, timezone.utc).date()
    return value


MsDate = Annotated[date, BeforeValidator(_ms_to_date)]


class Model(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown keys ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


# --- users, projects, bundles --------------------------------------------------------------


class User(Model):
    id: str | None = None
    login: str | None = None
    full_name: str | None = None
    email: str | None = None
    ring_id: str | None = None
    guest: bool | None = None
    online: bool | None = None
    banned: bool | None = None
    avatar_url: str | None = None


class UserGroup(Model):
    id: str | None = None
    name: str | None = None
    ring_id: str | None = None
    users_count: int | None = None
    icon: str | None = None
    all_users_group: bool | None = None
    team_for_project: Project | None = None


class Project(Model):
    id: str | None = None
    name: str | None = None
    short_name: str | None = None
    description: str | None = None
    archived: bool | None = None
    template: bool | None = None
    starting_number: int | None = None
    icon_url: str | None = None
    from_email: str | None = None
    reply_to_email: str | None = None
    leader: User | None = None
    created_by: User | None = None
    team: UserGroup | None = None


class FieldStyle(Model):
    id: str | None = None
    background: str | None = None
    foreground: str | None = None


class BundleElement(Model):
    id: str | None = None
    name: str | None = None
    description: str | None = None
    archived: bool | None = None
    ordinal: int | None = None
    color: FieldStyle | None = None
    has_running_job: bool | None = None


class EnumBundleElement(BundleElement):
    localized_name: str | None = None


class StateBundleElement(BundleElement):
    localized_name: str | None = None
    is_resolved: bool | None = None


class VersionBundleElement(BundleElement):
    released: bool | None = None
    release_date: datetime | None = None
    start_date: datetime | None = None


class BuildBundleElement(BundleElement):
    assemble_date: datetime | None = None


class OwnedBundleElement(BundleElement):
    owner: User | None = None


class Bundle(Model):
    id: str | None = None
    name: str | None = None
    is_updateable: bool | None = None
    values: list[BundleElement] | None = None


class Tag(Model):
    id: str | None = None
    name: str | None = None
    owner: User | None = None
    color: FieldStyle | None = None
    untag_on_resolve: bool | None = None


# --- project custom fields (only `field(fieldType(id))` is on the page) --------------------


class FieldType(Model):
    id: str | None = None


class CustomField(Model):
    id: str | None = None
    name: str | None = None
    localized_name: str | None = None
    field_type: FieldType | None = None
    is_auto_attached: bool | None = None
    is_displayed_in_issue_list: bool | None = None
    ordinal: int | None = None
    aliases: str | None = None
    has_running_job: bool | None = None
    is_updateable: bool | None = None


class ProjectCustomFieldBase(Model):
    id: str | None = None
    field: CustomField | None = None
    project: Project | None = None
    can_be_empty: bool | None = None
    empty_field_text: str | None = None
    ordinal: int | None = None
    is_public: bool | None = None
    has_running_job: bool | None = None


class EnumProjectCustomField(ProjectCustomFieldBase):
    type: Literal["EnumProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[EnumBundleElement] | None = None


class StateProjectCustomField(ProjectCustomFieldBase):
    type: Literal["StateProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[StateBundleElement] | None = None


class VersionProjectCustomField(ProjectCustomFieldBase):
    type: Literal["VersionProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[VersionBundleElement] | None = None


class BuildProjectCustomField(ProjectCustomFieldBase):
    type: Literal["BuildProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[BuildBundleElement] | None = None


class OwnedProjectCustomField(ProjectCustomFieldBase):
    type: Literal["OwnedProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[OwnedBundleElement] | None = None


class UserProjectCustomField(ProjectCustomFieldBase):
    type: Literal["UserProjectCustomField"] = Field(alias="$type")
    bundle: Bundle | None = None
    default_values: list[User] | None = None


class GroupProjectCustomField(ProjectCustomFieldBase):
    type: Literal["GroupProjectCustomField"] = Field(alias="$type")
    default_values: list[UserGroup] | None = None


class PeriodProjectCustomField(ProjectCustomFieldBase):
    type: Literal["PeriodProjectCustomField"] = Field(alias="$type")


class SimpleProjectCustomField(ProjectCustomFieldBase):
    type: Literal["SimpleProjectCustomField"] = Field(alias="$type")


class TextProjectCustomField(ProjectCustomFieldBase):
    type: Literal["TextProjectCustomField"] = Field(alias="$type")


ProjectCustomField = Annotated[
    Union[  # noqa: UP007 - a discriminated union needs the Union spelling on 3.10
        EnumProjectCustomField,
        StateProjectCustomField,
        VersionProjectCustomField,
        BuildProjectCustomField,
        OwnedProjectCustomField,
        UserProjectCustomField,
        GroupProjectCustomField,
        PeriodProjectCustomField,
        SimpleProjectCustomField,
        TextProjectCustomField,
    ],
    Field(discriminator="type"),
]


# --- issue custom fields ---------------------------------------------------------------------


class PeriodValue(Model):
    id: str | None = None
    minutes: int | None = None
    presentation: str | None = None


class TextFieldValue(Model):
    id: str | None = None
    text: str | None = None
    markdown_text: str | None = None


class IssueCustomFieldBase(Model):
    id: str | None = None
    name: str | None = None
    project_custom_field: ProjectCustomField | None = None


class SimpleIssueCustomField(IssueCustomFieldBase):
    type: Literal["SimpleIssueCustomField"] = Field(alias="$type")
    value: int | float | str | None = None


class DateIssueCustomField(IssueCustomFieldBase):
    type: Literal["DateIssueCustomField"] = Field(alias="$type")
    value: MsDate | None = None


class PeriodIssueCustomField(IssueCustomFieldBase):
    type: Literal["PeriodIssueCustomField"] = Field(alias="$type")
    value: PeriodValue | None = None


class TextIssueCustomField(IssueCustomFieldBase):
    type: Literal["TextIssueCustomField"] = Field(alias="$type")
    value: TextFieldValue | None = None


class SingleEnumIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleEnumIssueCustomField"] = Field(alias="$type")
    value: EnumBundleElement | None = None


class StateIssueCustomField(IssueCustomFieldBase):
    type: Literal["StateIssueCustomField"] = Field(alias="$type")
    value: StateBundleElement | None = None


class StateMachineIssueCustomField(IssueCustomFieldBase):
    type: Literal["StateMachineIssueCustomField"] = Field(alias="$type")
    value: BundleElement | None = None


class SingleVersionIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleVersionIssueCustomField"] = Field(alias="$type")
    value: VersionBundleElement | None = None


class SingleBuildIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleBuildIssueCustomField"] = Field(alias="$type")
    value: BuildBundleElement | None = None


class SingleOwnedIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleOwnedIssueCustomField"] = Field(alias="$type")
    value: OwnedBundleElement | None = None


class SingleUserIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleUserIssueCustomField"] = Field(alias="$type")
    value: User | None = None


class SingleGroupIssueCustomField(IssueCustomFieldBase):
    type: Literal["SingleGroupIssueCustomField"] = Field(alias="$type")
    value: UserGroup | None = None


class MultiEnumIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiEnumIssueCustomField"] = Field(alias="$type")
    value: list[EnumBundleElement] | None = None


class MultiVersionIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiVersionIssueCustomField"] = Field(alias="$type")
    value: list[VersionBundleElement] | None = None


class MultiBuildIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiBuildIssueCustomField"] = Field(alias="$type")
    value: list[BuildBundleElement] | None = None


class MultiOwnedIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiOwnedIssueCustomField"] = Field(alias="$type")
    value: list[OwnedBundleElement] | None = None


class MultiUserIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiUserIssueCustomField"] = Field(alias="$type")
    value: list[User] | None = None


class MultiGroupIssueCustomField(IssueCustomFieldBase):
    type: Literal["MultiGroupIssueCustomField"] = Field(alias="$type")
    value: list[UserGroup] | None = None


IssueCustomField = Annotated[
    Union[  # noqa: UP007 - a discriminated union needs the Union spelling on 3.10
        SimpleIssueCustomField,
        DateIssueCustomField,
        PeriodIssueCustomField,
        TextIssueCustomField,
        SingleEnumIssueCustomField,
        StateIssueCustomField,
        StateMachineIssueCustomField,
        SingleVersionIssueCustomField,
        SingleBuildIssueCustomField,
        SingleOwnedIssueCustomField,
        SingleUserIssueCustomField,
        SingleGroupIssueCustomField,
        MultiEnumIssueCustomField,
        MultiVersionIssueCustomField,
        MultiBuildIssueCustomField,
        MultiOwnedIssueCustomField,
        MultiUserIssueCustomField,
        MultiGroupIssueCustomField,
    ],
    Field(discriminator="type"),
]


class Issue(Model):
    id: str | None = None
    id_readable: str | None = None
    number_in_project: int | None = None
    summary: str | None = None
    description: str | None = None
    project: Project | None = None
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    reporter: User | None = None
    updater: User | None = None
    comments_count: int | None = None
    votes: int | None = None
    tags: list[Tag] | None = None
    custom_fields: list[IssueCustomField] | None = None


for _model in (UserGroup, Project):
    _model.model_rebuild()

#: ``IssuePage.validate_json(page_bytes)`` -> ``list[Issue]``.
IssuePage: TypeAdapter[list[Issue]] = TypeAdapter(list[Issue])

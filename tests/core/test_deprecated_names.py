"""Names renamed for clarity keep working for one release, with a DeprecationWarning."""

from __future__ import annotations

import typing
import warnings

import pytest

import aioyoutrack
import aioyoutrack.resources as resources
from aioyoutrack.resources import _generic


def test_the_two_directions_are_named_for_what_they_mean() -> None:
    assert typing.get_args(aioyoutrack.LinkDirection) == ("outward", "inward", "both")
    assert typing.get_args(aioyoutrack.CursorDirection) == ("forwards", "backwards")
    assert resources.LinkDirection is aioyoutrack.LinkDirection


@pytest.mark.parametrize("package", [aioyoutrack, resources])
def test_direction_still_works_and_warns(package: object) -> None:
    with pytest.warns(DeprecationWarning, match="Direction is deprecated.*LinkDirection") as seen:
        old = package.Direction  # type: ignore[attr-defined]
    # The warning names the line that read the old name, not the library's.
    assert [w.filename for w in seen] == [__file__]
    assert old is aioyoutrack.LinkDirection
    # Never cached in the package: every read warns.
    with pytest.warns(DeprecationWarning, match="LinkDirection"):
        package.Direction  # type: ignore[attr-defined]  # noqa: B018
    assert "Direction" in dir(package)
    assert "Direction" not in package.__all__  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["AddOp", "CreateOp", "GetOp", "ListOp", "WriteOp", "Endpoint"])
def test_the_operation_classes_still_import_and_warn(name: str) -> None:
    with pytest.warns(DeprecationWarning, match="route\\(\\), at\\(\\) and Resource._call") as seen:
        old = getattr(resources, name)
    assert [w.filename for w in seen] == [__file__]
    assert old is getattr(_generic, name)
    assert name not in resources.__all__


def test_star_import_warns_about_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec("from aioyoutrack import *", {})
        exec("from aioyoutrack.resources import *", {})


def test_unknown_names_are_still_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="Directions"):
        resources.Directions  # type: ignore[attr-defined]  # noqa: B018

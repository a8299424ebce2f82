"""The route table: every typed method calls a spec operation, and every operation of
the spec has a typed method."""

from __future__ import annotations

import json

import pytest
from shared_data import ground_truth

from aioyoutrack.resources import ROUTES  # reading it loads every resource module's routes

_METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def spec_operations() -> set[tuple[str, str]]:
    """The spec's operations as (method, path); skips without the ground truth."""
    spec = json.loads((ground_truth() / "openapi.json").read_text("utf-8"))
    return {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in _METHODS
    }


def test_the_spec_has_the_expected_number_of_operations(
    spec_operations: set[tuple[str, str]],
) -> None:
    assert len(spec_operations) == 248


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.qualname} {r.method} {r.path}")
def test_every_route_is_a_spec_operation(
    route: object, spec_operations: set[tuple[str, str]]
) -> None:
    assert (route.method, route.path) in spec_operations  # type: ignore[attr-defined]


def test_coverage_of_the_spec(
    capsys: pytest.CaptureFixture[str], spec_operations: set[tuple[str, str]]
) -> None:
    reached = {(r.method, r.path) for r in ROUTES} & spec_operations
    coverage = len(reached) / len(spec_operations)
    missing = sorted(spec_operations - reached, key=lambda op: (op[1], op[0]))
    with capsys.disabled():
        print(
            f"\nroute coverage: {len(reached)}/{len(spec_operations)} spec operations "
            f"({coverage:.1%}); only through yt.request: "
            + (", ".join(f"{m} {p}" for m, p in missing) or "none")
        )
    assert not missing, (
        f"{len(reached)} of {len(spec_operations)} operations typed; missing: {missing}"
    )
    assert len(reached) == len(spec_operations) == 248


def test_every_route_names_its_method() -> None:
    for route in ROUTES:
        owner, _, name = route.qualname.rpartition(".")
        assert owner, route
        assert name, route
        assert route.method in {"GET", "POST", "DELETE"}
        assert route.path.startswith("/")

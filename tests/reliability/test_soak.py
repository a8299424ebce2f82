"""The soak, CI-sized: mixed reads and writes under random faults, then reconciliation.

The full-size run (5 000 calls, the issue's fault rates) is ``python benchmarks/soak.py``.
Here the fault rates are doubled so that a few hundred calls meet every kind of fault;
the rules checked are the same (see ``soak_harness.py``).
"""

from __future__ import annotations

from types import ModuleType

from aioyoutrack import RetryPolicy


async def test_soak_under_faults_loses_and_duplicates_nothing(soak: ModuleType) -> None:
    config = soak.SoakConfig(
        calls=400,
        max_concurrency=32,
        seed=7,
        p_503=0.10,
        p_500=0.04,
        p_drop=0.04,
        p_slow=0.04,
        slow_delay=0.01,
        retry_after=0,
        retry=RetryPolicy(
            max_retries=10, backoff_initial=0.001, backoff_max=0.01, max_retry_after=1.0
        ),
    )
    report = await soak.run_soak(config)
    summary = report.summary()

    assert report.problems == [], summary
    assert report.ok_by_kind["read"] == report.calls_by_kind["read"] > 0, summary
    for kind in ("create", "update", "comment"):
        assert report.calls_by_kind[kind] > 0, summary
    # Every failure was a write the client could not safely repeat, and says so.
    assert report.failures, summary
    assert all("may_have_been_applied=True" in name for name in report.failures), summary
    # The run met every kind of fault, so the rules above were actually exercised.
    hits = report.fault_hits
    assert hits["503"] > 0, summary
    assert hits["500-before"] + hits["500-after"] > 0, summary
    assert hits["drop-before"] + hits["drop-after"] > 0, summary
    assert hits["slow"] > 0, summary
    assert report.retries > 0, summary
    # All calls start at once; the throttle holds them to the limit, and the probe
    # that checks it does see the limit reached.
    assert report.max_in_flight_client == config.max_concurrency, summary
    assert report.max_in_flight_server <= config.max_concurrency, summary


async def test_writes_refused_every_time_say_they_were_not_applied(soak: ModuleType) -> None:
    # Every request is refused up front with a 503 and no retries are allowed: nothing
    # may reach the handlers, and every failure must say so.
    config = soak.SoakConfig(
        calls=60,
        max_concurrency=8,
        creates=0.4,
        updates=0.3,
        comments=0.3,
        p_503=1.0,
        p_500=0.0,
        p_drop=0.0,
        p_slow=0.0,
        retry=RetryPolicy(max_retries=0),
    )
    report = await soak.run_soak(config)

    assert report.problems == [], report.summary()
    assert report.calls_by_kind["read"] == 0
    assert report.failures == {"ServerError(may_have_been_applied=False)": 60}, report.summary()

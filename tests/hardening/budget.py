"""Hypothesis settings for the property and fuzz tests: a fixed budget in CI.

CI runs a fixed number of examples from a fixed seed (`derandomize`), so a run
is bounded and repeatable; `SPECSYNC_HYPOTHESIS_SCALE=20` digs deeper locally.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = int(os.environ.get("SPECSYNC_HYPOTHESIS_SCALE", "1"))


def budget(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

"""The test suite gives the same answer on every run: property tests draw the same examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def test_property_tests_draw_the_same_examples_on_every_run(request):
    """tests/conftest.py loads the "routekaart" profile: derandomized, no example database."""
    if request.config.getoption("hypothesis_profile"):
        pytest.skip("another Hypothesis profile was asked for on the command line")
    drawn: list[list[str]] = []

    @given(st.text())
    def record(text: str) -> None:
        drawn[-1].append(text)

    for _ in range(2):
        drawn.append([])
        record()
    assert drawn[0] == drawn[1] and len(set(drawn[0])) > 10
    assert settings().derandomize and settings().database is None

"""The certificate benchmark still runs, and scales its target as the issue states."""

import pytest

from bench.certificates import TARGET_MS, render_medians, scaled_target_ms


def test_target_is_the_issue_target_on_the_issue_machine():
    assert scaled_target_ms(21.0, 21.0) == pytest.approx(TARGET_MS)


def test_target_grows_with_a_slower_reference():
    # a machine where the reference takes twice as long allows twice the time
    assert scaled_target_ms(42.0, 21.0) == pytest.approx(2 * TARGET_MS)
    assert scaled_target_ms(14.0, 21.0) < TARGET_MS


def test_render_benchmark_measures_the_certificate_and_its_references():
    medians = render_medians(1)

    assert set(medians) == {"certificate", "emoji", "plain", "reused", "trivial"}
    assert all(value > 0 for value in medians.values())

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.engine.analysis import (
    ItemStatistics,
    discrimination_index,
    item_statistics,
)


def attempt(score, **items):
    return {"attempt_score": score, "items": items}


# Six attempts, deliberately not in score order. q1: the three strongest got it.
ATTEMPTS = [
    attempt(0.8, q1={"score": 1.0, "option_keys": ["c"], "seconds": 30}),
    attempt(0.2, q1={"score": 0.0, "option_keys": ["a"], "seconds": 10}),
    attempt(0.6, q1={"score": 0.0, "option_keys": ["a"]}, q2={"score": 0.5}),
    attempt(0.4, q1={"score": 0.0, "option_keys": ["b"], "seconds": 20}),
    attempt(0.9, q1={"score": 1.0, "option_keys": ["c"]}, q2={"score": 1.0}),
    attempt(0.5, q1={"score": 1.0, "option_keys": ["c"]}, q2={"score": None}),
]


def test_item_statistics_computes_all_figures_when_six_attempts():
    assert item_statistics(attempts=ATTEMPTS)["q1"] == ItemStatistics(
        question_id="q1",
        responses=6,
        facility=0.5,  # 3 of 6
        discrimination=1.0,  # g = 2: upper (0.9, 0.8) both 1, lower (0.2, 0.4) both 0
        option_counts={"a": 2, "b": 1, "c": 3},
        mean_seconds=20.0,  # (30 + 10 + 20) / 3, attempts without a time left out
    )


def test_item_statistics_leaves_out_pending_scores_when_a_score_is_none():
    q2 = item_statistics(attempts=ATTEMPTS)["q2"]
    assert (q2.responses, q2.facility) == (2, 0.75)
    assert q2.discrimination is None
    assert q2.option_counts == {}
    assert q2.mean_seconds is None


def test_item_statistics_keeps_first_seen_order_when_questions_vary():
    assert list(item_statistics(attempts=ATTEMPTS)) == ["q1", "q2"]


def test_item_statistics_is_empty_when_there_are_no_attempts():
    assert item_statistics(attempts=[]) == {}


def test_item_statistics_counts_an_option_once_when_repeated_in_one_attempt():
    stats = item_statistics(
        attempts=[attempt(1.0, q={"score": 1.0, "option_keys": ["a", "a", "b"]})]
    )
    assert stats["q"].option_counts == {"a": 1, "b": 1}


def test_discrimination_is_negative_when_weaker_learners_do_better():
    pairs = [(0.1, 1.0), (0.2, 1.0), (0.5, 0.5), (0.6, 0.5), (0.8, 0.0), (0.9, 0.0)]
    assert discrimination_index(pairs=pairs) == -1.0


def test_discrimination_uses_groups_of_three_when_ten_responses():
    # g = round(0.27 × 10) = 3; lower mean (0 + 0 + 1) / 3, upper (1 + 1 + 0) / 3.
    scores = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    pairs = [(n / 10, float(score)) for n, score in enumerate(scores)]
    assert discrimination_index(pairs=pairs) == pytest.approx(1 / 3)


def test_discrimination_breaks_ties_by_input_order_when_scores_are_equal():
    pairs = [(0.5, 1.0), (0.5, 1.0), (0.5, 0.0), (0.5, 0.0)]
    assert discrimination_index(pairs=pairs, fraction=0.5) == -1.0


@pytest.mark.parametrize("count", [0, 1, 5])
def test_discrimination_is_none_when_groups_would_hold_fewer_than_two(count):
    pairs = [(n / 10, 1.0) for n in range(count)]
    assert discrimination_index(pairs=pairs) is None


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=40))
def test_discrimination_stays_between_minus_one_and_one_when_pairs_are_any(pairs):
    index = discrimination_index(pairs=pairs)
    assert index is None or -1.0 <= index <= 1.0
    assert (index is None) is (len(pairs) < 6)

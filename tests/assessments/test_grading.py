import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.engine.grading import (
    MAX_TEXT_LENGTH,
    MESSAGES,
    AttemptResult,
    Grade,
    InvalidAnswer,
    attempt_result,
    draw_questions,
    grade_question,
    marked_grade,
    normalise_text,
    parse_answer,
    public_question,
    shuffled_options,
)

P = "q-12"


def choice_question(kind="single", correct=("b",), mode=None):
    question = {
        "schema_version": 1,
        "id": 12,
        "type": kind,
        "text": "<p>Welke stof?</p>",
        "explanation": "Omdat.",
        "options": [
            {
                "key": key,
                "text": f"Optie {key}",
                "correct": key in correct,
                "feedback": f"fb-{key}",
            }
            for key in ("a", "b", "c", "d")
        ],
        "feedback_correct": "Goed",
        "feedback_incorrect": "Helaas",
    }
    if mode:
        question["partial_credit"] = mode
    return question


def ordering_question(mode=None):
    items = [{"key": f"k{n}", "text": f"Stap {n}"} for n in (1, 2, 3, 4)]
    question = {"id": 3, "type": "ordering", "text": "Zet op volgorde", "items": items}
    if mode:
        question["partial_credit"] = mode
    return question


def matching_question(mode=None):
    pairs = [
        {"key": "p1", "prompt": "GHB", "match": "Depressivum"},
        {"key": "p2", "prompt": "3-MMC", "match": "Stimulant"},
        {"key": "p3", "prompt": "Alcohol", "match": "Depressivum"},
        {"key": "p4", "prompt": "LSD", "match": "Psychedelicum"},
    ]
    question = {"id": 4, "type": "matching", "text": "Koppel", "pairs": pairs}
    if mode:
        question["partial_credit"] = mode
    return question


SHORT = {"id": 5, "type": "short_text", "accepted_answers": ["lijst II", "lijst 2"]}
TRUE_FALSE = {"id": 6, "type": "true_false", "correct": False}
ESSAY = {"id": 7, "type": "essay"}


class FakeQueryDict:
    def __init__(self, data):
        self.data = data

    def getlist(self, key):
        return self.data.get(key, [])


def grade(question, answer):
    return grade_question(question=question, answer=answer)


# --- parse_answer ------------------------------------------------------------------


def test_parse_returns_option_when_single_choice_sent():
    data = FakeQueryDict({P: ["b"]})
    assert parse_answer(question=choice_question(), data=data, prefix=P) == {
        "option": "b"
    }


@pytest.mark.parametrize("data", [{}, {P: []}, {P: [""]}, {P: ["  "]}, {"x": ["a"]}])
def test_parse_returns_none_when_nothing_filled_in(data):
    assert parse_answer(question=choice_question(), data=data, prefix=P) is None


@pytest.mark.parametrize(
    ("question", "data", "code"),
    [
        (choice_question(), {P: ["z"]}, "unknown_option"),
        (choice_question(), {P: ["a", "b"]}, "multiple_values"),
        (choice_question("multiple"), {P: ["a", "z"]}, "unknown_option"),
        (choice_question("multiple"), {P: ["a", "a"]}, "duplicate_option"),
        (TRUE_FALSE, {P: ["yes"]}, "invalid_boolean"),
        (TRUE_FALSE, {P: ["True"]}, "invalid_boolean"),
        (SHORT, {P: ["x" * (MAX_TEXT_LENGTH + 1)]}, "too_long"),
        (ESSAY, {P: ["one", "two"]}, "multiple_values"),
        (ordering_question(), {f"{P}-k1": ["5"]}, "invalid_position"),
        (ordering_question(), {f"{P}-k1": ["0"]}, "invalid_position"),
        (ordering_question(), {f"{P}-k1": ["+1"]}, "invalid_position"),
        (ordering_question(), {f"{P}-k1": ["²"]}, "invalid_position"),
        (ordering_question(), {f"{P}-k1": ["1"]}, "incomplete_order"),
        (matching_question(), {f"{P}-p1": ["p9"]}, "unknown_match"),
    ],
)
def test_parse_raises_coded_error_when_data_is_tampered(question, data, code):
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(question=question, data=data, prefix=P)
    assert caught.value.code == code
    assert str(caught.value) == MESSAGES[code] % caught.value.params


def test_parse_raises_duplicate_position_when_two_items_share_a_place():
    data = {f"{P}-k{n}": [p] for n, p in zip((1, 2, 3, 4), "1223", strict=True)}
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(question=ordering_question(), data=data, prefix=P)
    assert caught.value.code == "duplicate_position"
    assert caught.value.params == {"position": 2}


def test_parse_keeps_authored_option_order_when_multiple_choices_sent():
    data = {P: ["d", "a"]}
    answer = parse_answer(question=choice_question("multiple"), data=data, prefix=P)
    assert answer == {"options": ["a", "d"]}


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_parse_returns_boolean_when_true_false_sent(value, expected):
    answer = parse_answer(question=TRUE_FALSE, data={P: [value]}, prefix=P)
    assert answer == {"value": expected}


def test_parse_strips_text_and_line_endings_when_essay_sent():
    answer = parse_answer(question=ESSAY, data={P: ["  Eerst\r\nDan  "]}, prefix=P)
    assert answer == {"text": "Eerst\nDan"}


def test_parse_accepts_text_at_the_limit_when_exactly_max_length():
    data = {P: ["x" * MAX_TEXT_LENGTH]}
    assert parse_answer(question=SHORT, data=data, prefix=P) is not None


def test_parse_returns_order_by_position_when_all_items_placed():
    data = {f"{P}-k1": ["3"], f"{P}-k2": ["1"], f"{P}-k3": ["4"], f"{P}-k4": ["2"]}
    answer = parse_answer(question=ordering_question(), data=data, prefix=P)
    assert answer == {"order": ["k2", "k4", "k1", "k3"]}


def test_parse_returns_partial_matches_when_some_prompts_left_blank():
    data = {f"{P}-p1": ["p3"], f"{P}-p2": [""]}
    answer = parse_answer(question=matching_question(), data=data, prefix=P)
    assert answer == {"matches": {"p1": "p3"}}


def test_parse_accepts_plain_string_values_when_given_a_plain_dict():
    assert parse_answer(question=SHORT, data={P: "lijst 2"}, prefix=P) == {
        "text": "lijst 2"
    }


def test_parse_raises_value_error_when_question_type_is_unknown():
    with pytest.raises(ValueError, match="Unknown question type"):
        parse_answer(question={"type": "poll"}, data={}, prefix=P)


# --- grade_question ----------------------------------------------------------------


def test_grade_gives_full_marks_and_feedback_when_single_choice_is_right():
    assert grade(choice_question(), {"option": "b"}) == Grade(
        score=1.0, is_correct=True, feedback=("fb-b", "Goed")
    )


def test_grade_gives_zero_when_single_choice_is_wrong():
    result = grade(choice_question(), {"option": "a"})
    assert (result.score, result.is_correct) == (0.0, False)
    assert result.feedback == ("fb-a", "Helaas")


@pytest.mark.parametrize("kind", ["single", "multiple", "ordering", "short_text"])
def test_grade_gives_zero_when_unanswered(kind):
    question = {
        "single": choice_question(),
        "multiple": choice_question("multiple"),
        "ordering": ordering_question(),
        "short_text": SHORT,
    }[kind]
    result = grade(question, None)
    assert (result.score, result.is_correct, result.needs_marking) == (0, False, False)


@pytest.mark.parametrize(
    ("mode", "chosen", "expected"),
    [
        ("all_or_nothing", ["a", "b"], 1.0),
        ("all_or_nothing", ["a"], 0.0),
        (None, ["a", "b", "c"], 0.0),
        ("proportional", ["a", "b"], 1.0),
        ("proportional", ["a"], 0.75),  # a right, b missed, c and d rightly left
        ("proportional", ["a", "c"], 0.5),
        ("proportional", ["c", "d"], 0.0),
        ("right_minus_wrong", ["a", "b"], 1.0),
        ("right_minus_wrong", ["a"], 0.5),
        ("right_minus_wrong", ["a", "b", "c"], 0.5),
        ("right_minus_wrong", ["a", "c", "d"], 0.0),  # 1/2 - 2/2, floored
        ("right_minus_wrong", [], 0.0),
    ],
)
def test_grade_applies_partial_credit_when_multiple_choice(mode, chosen, expected):
    question = choice_question("multiple", correct=("a", "b"), mode=mode)
    result = grade(question, {"options": chosen})
    assert result.score == pytest.approx(expected)
    assert result.is_correct is (expected == 1.0)


def test_grade_counts_nothing_to_find_as_found_when_no_option_is_correct():
    question = choice_question("multiple", correct=(), mode="right_minus_wrong")
    assert grade(question, {"options": []}).score == 1.0
    assert grade(question, {"options": ["a", "b"]}).score == 0.5


def test_grade_ignores_unknown_keys_when_answer_holds_them():
    question = choice_question("multiple", correct=("a",), mode="proportional")
    assert grade(question, {"options": ["a", "zz"]}).score == 1.0


@pytest.mark.parametrize(("value", "expected"), [(False, 1.0), (True, 0.0)])
def test_grade_compares_value_when_true_false(value, expected):
    assert grade(TRUE_FALSE, {"value": value}).score == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lijst II", 1.0),
        ("  LIJST   ii. ", 1.0),
        ("Lijst 2!", 1.0),
        ("lijst Ⅱ", 1.0),  # the Roman numeral character
        ("lijst I", 0.0),
        ("...", 0.0),
    ],
)
def test_grade_normalises_text_when_short_answer(text, expected):
    assert grade(SHORT, {"text": text}).score == expected


def test_normalise_text_collapses_case_space_and_trailing_punctuation_when_mixed():
    assert normalise_text("  Lijst\t II ?!") == "lijst ii"


@pytest.mark.parametrize(
    ("mode", "order", "expected"),
    [
        (None, ["k1", "k2", "k3", "k4"], 1.0),
        ("all_or_nothing", ["k2", "k1", "k3", "k4"], 0.0),
        ("proportional", ["k2", "k1", "k3", "k4"], 0.5),
        ("proportional", ["k4", "k1", "k2", "k3"], 0.0),
        ("proportional", ["k1", "k2", "k3", "k4"], 1.0),
    ],
)
def test_grade_counts_items_in_place_when_ordering(mode, order, expected):
    assert grade(ordering_question(mode), {"order": order}).score == expected


@pytest.mark.parametrize(
    ("mode", "matches", "expected"),
    [
        (None, {"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"}, 1.0),
        (None, {"p1": "p3", "p2": "p2", "p3": "p1", "p4": "p4"}, 1.0),  # same text
        ("all_or_nothing", {"p1": "p1", "p2": "p2", "p3": "p3"}, 0.0),
        ("proportional", {"p1": "p1", "p2": "p2", "p3": "p3"}, 0.75),
        ("proportional", {"p1": "p2", "p2": "p1"}, 0.0),
        ("proportional", {"p1": "p9", "p4": "p4"}, 0.25),
    ],
)
def test_grade_counts_prompts_matched_when_matching(mode, matches, expected):
    assert grade(matching_question(mode), {"matches": matches}).score == expected


def test_grade_asks_for_marking_when_essay_answered():
    assert grade(ESSAY, {"text": "Mijn aanpak"}) == Grade(
        score=0.0, is_correct=False, needs_marking=True
    )


def test_grade_needs_no_marking_when_essay_unanswered():
    assert grade(ESSAY, None).needs_marking is False


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ({"type": "poll"}, {}),
        (ordering_question("right_minus_wrong"), {"order": []}),
        (choice_question("multiple", mode="half"), {"options": []}),
        (choice_question(), {"options": ["a"]}),
    ],
)
def test_grade_raises_value_error_when_question_or_answer_is_malformed(
    question, answer
):
    with pytest.raises(ValueError):  # noqa: PT011 several distinct messages
        grade(question, answer)


def test_marked_grade_keeps_feedback_when_trainer_gives_full_marks():
    assert marked_grade(score=1, feedback=" Sterk ") == Grade(
        score=1.0, is_correct=True, feedback=("Sterk",)
    )


@pytest.mark.parametrize("score", [-0.1, 1.01, float("nan")])
def test_marked_grade_raises_when_score_is_outside_zero_to_one(score):
    with pytest.raises(ValueError, match="between 0 and 1"):
        marked_grade(score=score, feedback="")


# --- attempt_result ----------------------------------------------------------------


def test_attempt_passes_when_score_equals_pass_mark_despite_float_error():
    items = [(0.1, 1.0)] * 7 + [(0.1, 0.0)] * 3
    assert attempt_result(items=items, pass_mark=0.7) == AttemptResult(
        score=0.7, passed=True, pending=0
    )


def test_attempt_weighs_scores_and_rounds_when_weights_differ():
    result = attempt_result(items=[(2.0, 1.0), (1.0, 0.0)], pass_mark=0.7)
    assert result == AttemptResult(score=0.6667, passed=False, pending=0)


@pytest.mark.parametrize(
    ("items", "passed"),
    [
        ([(1, 1.0), (1, 1.0), (1, None)], True),  # already 2/3 >= 0.6
        ([(1, 0.0), (1, 0.0), (1, None)], False),  # at best 1/3
        ([(1, 1.0), (1, 0.0), (1, None)], None),  # 1/3 now, 2/3 at best
    ],
)
def test_attempt_decides_only_when_pending_cannot_change_outcome(items, passed):
    result = attempt_result(items=items, pass_mark=0.6)
    assert (result.passed, result.pending) == (passed, 1)


@pytest.mark.parametrize(
    ("items", "pass_mark"),
    [([(0, 1.0)], 0.5), ([(1, 1.5)], 0.5), ([(1, 1.0)], 1.5), ([(-1, 1.0)], 0.5)],
)
def test_attempt_raises_when_input_is_out_of_range(items, pass_mark):
    with pytest.raises(ValueError, match="must"):
        attempt_result(items=items, pass_mark=pass_mark)


# --- draw_questions, shuffled_options, public_question -----------------------------


def test_draw_keeps_category_and_pool_order_when_not_shuffled():
    pools = {"a": [1, 2, 3, 4], "b": [10, 20]}
    drawn = draw_questions(
        pools=pools, counts={"b": 2, "a": 2}, rng=random.Random(1), shuffle=False
    )
    assert drawn[:2] == [10, 20]
    assert drawn[2] < drawn[3]
    assert set(drawn[2:]) <= {1, 2, 3, 4}


def test_draw_repeats_when_seed_is_the_same():
    pools = {"a": list(range(50)), "b": list(range(100, 150))}
    counts = {"a": 5, "b": 5}

    def draw(seed):
        return draw_questions(
            pools=pools, counts=counts, rng=random.Random(seed), shuffle=True
        )

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_draw_never_repeats_an_item_when_pools_overlap():
    pools = {"a": [1, 2], "b": [1, 2, 3]}
    drawn = draw_questions(
        pools=pools, counts={"a": 2, "b": 1}, rng=random.Random(0), shuffle=False
    )
    assert drawn == [1, 2, 3]


@pytest.mark.parametrize("counts", [{"a": 3}, {"z": 1}, {"a": -1}])
def test_draw_raises_when_a_pool_cannot_supply(counts):
    with pytest.raises(ValueError, match="'[az]'"):
        draw_questions(
            pools={"a": [1, 2]}, counts=counts, rng=random.Random(0), shuffle=False
        )


def test_shuffled_options_reveals_only_key_and_text_when_choice_question():
    options = shuffled_options(question=choice_question(), rng=random.Random(3))
    assert sorted(options, key=lambda o: o["key"]) == [
        {"key": key, "text": f"Optie {key}"} for key in "abcd"
    ]


def test_shuffled_options_lists_each_match_text_once_when_matches_repeat():
    choices = shuffled_options(question=matching_question(), rng=random.Random(3))
    assert sorted(c["text"] for c in choices) == [
        "Depressivum",
        "Psychedelicum",
        "Stimulant",
    ]
    assert {"key": "p1", "text": "Depressivum"} in choices


def test_shuffled_options_is_empty_when_question_has_no_choices():
    assert shuffled_options(question=ESSAY, rng=random.Random(0)) == []


def test_public_question_keeps_only_what_learner_may_see_when_single_choice():
    public = public_question(choice_question(), seed=1)
    assert public == {
        "schema_version": 1,
        "id": 12,
        "type": "single",
        "text": "<p>Welke stof?</p>",
        "options": [{"key": key, "text": f"Optie {key}"} for key in "abcd"],
    }


def test_public_question_orders_items_by_seed_when_ordering():
    question = ordering_question()
    first = public_question(question, seed="attempt-9")
    assert first == public_question(question, seed="attempt-9")
    assert sorted(i["key"] for i in first["items"]) == ["k1", "k2", "k3", "k4"]
    orders = {
        tuple(i["key"] for i in public_question(question, seed=s)["items"])
        for s in range(20)
    }
    assert len(orders) > 1


def test_public_question_lists_prompts_and_choices_when_matching():
    public = public_question(matching_question(), seed=1)
    assert [p["prompt"] for p in public["prompts"]] == [
        "GHB",
        "3-MMC",
        "Alcohol",
        "LSD",
    ]
    assert len(public["choices"]) == 3
    assert "pairs" not in public


def test_public_question_shuffles_options_when_asked():
    question = choice_question()
    orders = {
        tuple(
            o["key"]
            for o in public_question(question, seed=s, shuffle_options=True)["options"]
        )
        for s in range(20)
    }
    assert len(orders) > 1


# --- properties --------------------------------------------------------------------

KEY = st.text(alphabet="abcdefgh", min_size=1, max_size=3)
VISIBLE = st.text(alphabet="abcdefgh XYZ123", max_size=12)
SECRET = st.text(max_size=8).map(lambda s: f"SECRET{s}")
MODES = st.sampled_from(["all_or_nothing", "proportional", "right_minus_wrong"])


KINDS = st.sampled_from(
    ["single", "multiple", "true_false", "short_text", "ordering", "matching", "essay"]
)


@st.composite
def questions(draw, kinds=KINDS):
    kind = draw(kinds)
    keys = draw(st.lists(KEY, min_size=1, max_size=6, unique=True))
    question = {
        "id": draw(st.integers(1, 99)),
        "type": kind,
        "text": draw(VISIBLE),
        "explanation": draw(SECRET),
        "feedback_correct": draw(SECRET),
        "feedback_incorrect": draw(SECRET),
        "sources": [draw(SECRET)],
    }
    if kind in ("single", "multiple"):
        question["options"] = [
            {
                "key": key,
                "text": draw(VISIBLE),
                "correct": draw(st.booleans()),
                "feedback": draw(SECRET),
            }
            for key in keys
        ]
    if kind == "multiple":
        question["partial_credit"] = draw(MODES)
    if kind in ("ordering", "matching"):
        question["partial_credit"] = draw(
            st.sampled_from(["all_or_nothing", "proportional"])
        )
    if kind == "true_false":
        question["correct"] = draw(st.booleans())
    if kind == "short_text":
        question["accepted_answers"] = draw(st.lists(SECRET, min_size=1, max_size=3))
    if kind == "ordering":
        question["items"] = [{"key": key, "text": draw(VISIBLE)} for key in keys]
    if kind == "matching":
        question["pairs"] = [
            {"key": key, "prompt": draw(VISIBLE), "match": draw(st.sampled_from("XYZ"))}
            for key in keys
        ]
    return question


@st.composite
def submissions(draw):
    """A question with form data that is mostly plausible, partly arbitrary."""
    question = draw(questions())
    keys = [
        e["key"] for n in ("options", "items", "pairs") for e in question.get(n, ())
    ]
    likely = [*keys, "true", "false", *(str(n) for n in range(len(keys) + 2))]
    value = st.one_of(st.sampled_from(likely), st.text())
    names = [P, *(f"{P}-{key}" for key in keys)]
    data = draw(st.dictionaries(st.text(), st.lists(st.text(), max_size=2), max_size=2))
    data.update({name: draw(st.lists(value, max_size=2)) for name in names})
    return question, data


def parse_or_code(question, data):
    """The answer and None, or None and the InvalidAnswer code; nothing else."""
    try:
        return parse_answer(question=question, data=data, prefix=P), None
    except InvalidAnswer as error:
        return None, error.code


@given(submissions())
def test_parse_raises_only_invalid_answer_when_data_is_arbitrary(submission):
    question, data = submission
    answer, code = parse_or_code(question, data)
    assert code is None or code in MESSAGES
    assert 0.0 <= grade(question, answer).score <= 1.0


@given(questions(st.just("ordering")), st.data())
def test_parse_returns_submitted_order_when_positions_form_a_permutation(
    question, data
):
    keys = [item["key"] for item in question["items"]]
    order = data.draw(st.permutations(keys))
    form = {f"{P}-{key}": [str(order.index(key) + 1)] for key in keys}
    assert parse_answer(question=question, data=form, prefix=P) == {"order": order}


@given(questions(st.just("ordering")), st.data())
def test_parse_flags_only_honest_mistakes_when_positions_are_any_choice(question, data):
    keys = [item["key"] for item in question["items"]]
    choice = st.sampled_from(["", *(str(n) for n in range(1, len(keys) + 1))])
    form = {f"{P}-{key}": [data.draw(choice)] for key in keys}
    answer, code = parse_or_code(question, form)
    assert code in (None, "incomplete_order", "duplicate_position")
    assert answer is None or sorted(answer["order"]) == sorted(keys)


@st.composite
def answered(draw):
    """A question with an answer that parse_answer could have produced."""
    question = draw(questions())
    kind = question["type"]
    if draw(st.booleans()) and kind != "essay":
        return question, None
    if kind == "single":
        return question, {"option": draw(st.sampled_from(question["options"]))["key"]}
    if kind == "multiple":
        keys = [o["key"] for o in question["options"]]
        return question, {"options": draw(st.lists(st.sampled_from(keys), unique=True))}
    if kind == "true_false":
        return question, {"value": draw(st.booleans())}
    if kind == "short_text" and draw(st.booleans()):
        accepted = draw(st.sampled_from(question["accepted_answers"]))
        return question, {"text": f" {accepted.upper()}. "}
    if kind in ("short_text", "essay"):
        return question, {"text": draw(st.text(min_size=1))}
    if kind == "ordering":
        keys = [i["key"] for i in question["items"]]
        return question, {"order": draw(st.permutations(keys))}
    keys = [p["key"] for p in question["pairs"]]
    matches = draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(keys)))
    return question, {"matches": matches}


def all_parts_right(question, answer):
    kind = question["type"]
    if answer is None or kind == "essay":
        return False
    if kind in ("single", "multiple"):
        chosen = {answer["option"]} if kind == "single" else set(answer["options"])
        correct = {o["key"] for o in question["options"] if o["correct"]}
        return chosen <= correct if kind == "single" else chosen == correct
    if kind == "true_false":
        return answer["value"] == question["correct"]
    if kind == "short_text":
        return normalise_text(answer["text"]) in {
            normalise_text(a) for a in question["accepted_answers"]
        } and bool(normalise_text(answer["text"]))
    if kind == "ordering":
        return answer["order"] == [i["key"] for i in question["items"]]
    match = {p["key"]: p["match"] for p in question["pairs"]}
    return all(
        match.get(answer["matches"].get(key)) == text for key, text in match.items()
    )


@given(answered())
def test_grade_stays_in_range_and_full_only_when_all_parts_right(case):
    question, answer = case
    result = grade(question, answer)
    assert 0.0 <= result.score <= 1.0
    assert result.is_correct is (result.score == 1.0)
    assert result.is_correct is all_parts_right(question, answer)


def walk(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from walk(inner)
    else:
        yield value


@given(questions(), st.integers())
def test_public_question_hides_answers_when_any_question(question, seed):
    everything = list(walk(public_question(question, seed=seed, shuffle_options=True)))
    assert "correct" not in everything
    assert not any(isinstance(v, str) and "SECRET" in v for v in everything)


@given(
    st.lists(st.integers(0, 8), min_size=1, max_size=4).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes),
            st.tuples(*(st.integers(0, size) for size in sizes)),
        )
    ),
    st.integers(),
    st.booleans(),
)
def test_draw_returns_requested_number_of_distinct_items_when_pools_suffice(
    sizes_counts, seed, shuffle
):
    sizes, wanted = sizes_counts
    pools = {
        f"c{n}": [n * 100 + i for i in range(size)] for n, size in enumerate(sizes)
    }
    counts = {f"c{n}": count for n, count in enumerate(wanted)}
    drawn = draw_questions(
        pools=pools, counts=counts, rng=random.Random(seed), shuffle=shuffle
    )
    assert len(drawn) == len(set(drawn)) == sum(wanted)
    again = draw_questions(
        pools=pools, counts=counts, rng=random.Random(seed), shuffle=shuffle
    )
    assert drawn == again


@given(
    st.lists(
        st.tuples(
            st.floats(0.1, 10),
            st.one_of(st.none(), st.floats(0, 1)),
        ),
        max_size=8,
    ),
    st.floats(0, 1),
)
def test_attempt_result_is_consistent_when_items_are_arbitrary(items, pass_mark):
    result = attempt_result(items=items, pass_mark=pass_mark)
    assert 0.0 <= result.score <= 1.0
    assert result.pending == sum(score is None for _, score in items)
    if result.pending == 0:
        assert result.passed is not None
    if result.passed is None:
        assert result.score < pass_mark

"""The pure rules behind a course's accreditation records: study time from the
content, the readability hint, and the alignment of objectives with questions
and scenario steps (``courses.accreditation``, no database)."""

import pytest

from courses.accreditation import (
    QUESTION,
    STEP,
    AlignedItem,
    ObjectiveRow,
    alignment_build,
    differs_too_much,
    lesson_content,
    lesson_item,
    quiz_item,
    readability_of,
    scenario_item,
    study_time_of,
    word_count,
)
from courses.accreditation.study_time import (
    CARD_MINUTES,
    QUESTION_MINUTES,
    READING_WORDS_PER_MINUTE,
    REFLECTION_MINUTES,
    STEP_MINUTES,
)

# --- study time -------------------------------------------------------------------


def test_word_count_counts_hyphenated_words_once():
    assert word_count("Een soa-test, 3-MMC en ’s nachts.") == 6


def test_lesson_minutes_are_words_at_stated_speed_plus_media_when_known():
    text = "woord " * READING_WORDS_PER_MINUTE * 2
    item = lesson_item(title="Les", text=text, media_seconds=[90, 30], claimed=4)
    assert item.minutes == pytest.approx(4)
    assert item.unknown_media == 0
    assert not item.differs


def test_lesson_counts_media_without_duration_as_unknown_not_zero_silently():
    item = lesson_item(title="Les", text="", media_seconds=[None, 60])
    assert item.minutes == pytest.approx(1)
    assert item.unknown_media == 1


def test_lesson_adds_estimates_for_reflections_and_cards():
    item = lesson_item(title="Les", text="", reflections=2, cards=1)
    assert item.minutes == pytest.approx(2 * REFLECTION_MINUTES + CARD_MINUTES)


def test_quiz_minutes_are_count_times_mean_estimate_of_each_pool():
    item = quiz_item(
        title="Toets",
        draws=[(2, ["single", "essay"]), (1, ["true_false"])],
    )
    mean = (QUESTION_MINUTES["single"] + QUESTION_MINUTES["essay"]) / 2
    assert item.minutes == pytest.approx(2 * mean + QUESTION_MINUTES["true_false"])


def test_quiz_never_draws_more_than_its_pool_holds():
    item = quiz_item(title="Toets", draws=[(10, ["single"])])
    assert item.minutes == pytest.approx(QUESTION_MINUTES["single"])


def test_scenario_minutes_are_an_estimate_per_step_plus_audio():
    item = scenario_item(title="Gesprek", steps_passed=4, media_seconds=[120])
    assert item.minutes == pytest.approx(4 * STEP_MINUTES + 2)


@pytest.mark.parametrize(
    ("computed", "claimed", "differs"),
    [
        (100, 100, False),
        (125, 100, False),
        (126, 100, True),
        (74, 100, True),
        (75, 100, False),
        (0, 0, False),
        (5, 0, True),
    ],
)
def test_claim_differs_when_more_than_25_percent_apart(computed, claimed, differs):
    assert differs_too_much(computed=computed, claimed=claimed) is differs


def test_course_total_warns_when_claim_is_far_from_content():
    items = [
        lesson_item(title="Les", text="woord " * 1500),  # 10 minutes
        quiz_item(title="Toets", draws=[(10, ["single"])]),  # 1 (pool of 1)
    ]
    time = study_time_of(items=items, claimed=60)
    assert time.rounded == 11
    assert time.differs
    assert time.difference_percent == -82
    assert not study_time_of(items=items, claimed=12).differs


# --- lesson content ----------------------------------------------------------------


def test_lesson_content_reads_text_not_sources_urls_or_card_ids():
    raw = [
        {"type": "heading", "value": {"text": "Kop", "level": 2}},
        {"type": "text", "value": "<p>Een zin.</p><ul><li>Punt een</li></ul>"},
        {"type": "sources", "value": {"items": [{"title": "Bron titel"}]}},
        {"type": "substance_card", "value": {"card": 3}},
        {"type": "callout", "value": {"kind": "tip", "title": "Let op", "html": "x"}},
        {"type": "reflection", "value": {"question": "Wat doe jij?"}},
    ]
    content = lesson_content(raw)
    assert content.text.split("\n") == [
        "Kop",
        "Een zin.",
        "Punt een",
        "Let op",
        "x",
        "Wat doe jij?",
    ]
    assert (content.cards, content.reflections) == (1, 1)


def test_video_with_duration_is_watched_and_without_it_its_transcript_is_read():
    timed = {
        "url": "/v.webm",
        "title": "Video",
        "transcript": "<p>veel tekst hier</p>",
        "duration_seconds": 15,
    }
    untimed = {**timed, "duration_seconds": None}
    assert lesson_content([{"type": "video", "value": timed}]).text == "Video"
    content = lesson_content([{"type": "video", "value": untimed}])
    assert "veel tekst hier" in content.text
    assert content.media_seconds == (None,)


# --- readability --------------------------------------------------------------------


def test_short_sentences_with_short_words_meet_the_b1_target():
    result = readability_of("Je vraagt wat hij weet. Dan luister je goed.")
    assert result.sentences == 2
    assert result.average_sentence_words == pytest.approx(4.5)
    assert result.meets_target


def test_long_sentences_miss_the_target():
    result = readability_of(" ".join(["woord"] * 20) + ".")
    assert result.sentences_too_long
    assert not result.too_many_long_words
    assert not result.meets_target


def test_many_words_of_four_or_more_syllables_miss_the_target():
    result = readability_of(
        "Gezondheidsbevorderaar en samenwerkingspartner zijn rollen."
    )
    assert result.long_words == 2
    assert result.too_many_long_words


def test_each_line_ends_a_sentence_so_list_items_are_not_glued():
    result = readability_of("Eerste punt\nTweede punt\n\nDerde punt")
    assert result.sentences == 3


# --- alignment ----------------------------------------------------------------------


def _objectives():
    return [
        ObjectiveRow(id=1, code="LD1", text="Uitleggen", roles=("medical_expert",)),
        ObjectiveRow(id=2, code="LD2", text="Vragen", roles=("communicator",)),
    ]


def test_objective_nothing_assesses_is_flagged():
    items = [AlignedItem("q1", QUESTION, "q1", "Bank", frozenset({1}))]
    result = alignment_build(objectives=_objectives(), items=items)
    assert [o.code for o in result.unassessed] == ["LD2"]
    assert not result.is_aligned


def test_question_tied_to_no_objective_of_this_course_is_flagged():
    items = [
        AlignedItem("q1", QUESTION, "q1", "Bank", frozenset({1, 2})),
        AlignedItem("q2", QUESTION, "q2", "Bank", frozenset({99})),  # other course
    ]
    result = alignment_build(objectives=_objectives(), items=items)
    assert [item.key for item in result.untied_questions] == ["q2"]


def test_untied_scenario_step_is_shown_but_not_flagged():
    items = [
        AlignedItem("q1", QUESTION, "q1", "Bank", frozenset({1})),
        AlignedItem("s1", STEP, "s1", "Gesprek", frozenset({2})),
        AlignedItem("s2", STEP, "s2", "Gesprek"),
    ]
    result = alignment_build(objectives=_objectives(), items=items)
    assert result.is_aligned
    assert [(row.questions, row.steps) for row in result.objectives] == [(1, 0), (0, 1)]
    assert result.objectives[1].cells == (False, True, False)


def test_objective_without_a_known_canmeds_role_is_flagged():
    objectives = [
        ObjectiveRow(id=1, code="LD1", text="x", roles=()),
        ObjectiveRow(id=2, code="LD2", text="y", roles=("wizard",)),
    ]
    items = [AlignedItem("q1", QUESTION, "q1", "Bank", frozenset({1, 2}))]
    result = alignment_build(objectives=objectives, items=items)
    assert [o.code for o in result.without_role] == ["LD1"]
    assert [(o.code, role) for o, role in result.unknown_roles] == [("LD2", "wizard")]
    assert not result.is_aligned

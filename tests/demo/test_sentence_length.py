"""No lesson sentence in the demo courses is longer than 30 words (issue 14, B1).

Sentences are counted the way the course records count them (the readability hint per
lesson): the demo loader's stream data for each lesson, read by ``lesson_content`` and
split by the readability rules. B1 advice is about 15 words on average; 30 is a ceiling
for one sentence, so a single long sentence cannot hide behind a good average. B1 is
the target for the Dutch audience; the English course 1 is held to the same ceiling
because it is a translation of Dutch course 1 and should read as plainly.
"""

from pathlib import Path
from types import SimpleNamespace

import yaml

from courses.accreditation.content import lesson_content
from courses.accreditation.readability import SENTENCE_END
from courses.accreditation.study_time import WORD
from demo.loaders.streams import block_to_raw

MAX_WORDS = 30
COURSES = Path(__file__).resolve().parents[2] / "demo" / "content" / "courses"
DUTCH_COURSES = sorted(COURSES.glob("*.yaml"))
ENGLISH_COURSES = sorted((COURSES / "en").glob("*.yaml"))
CARD_BLOCKS = {"substance_card", "referral_card"}
# block_to_raw needs media only for their primary keys and the video's address.
MEDIA_STUB = {
    key: SimpleNamespace(pk=0, url="media.webm")
    for key in ("image", "image_en", "document", "video")
}


def _raw(block: dict) -> dict:
    """The loader's raw block, without the database look-up for cards (a card's
    own text is not lesson text; a fact block keeps its lead)."""
    kind = block.get("type")
    if kind in CARD_BLOCKS:
        return {"type": kind, "value": {"card": 0}}
    if kind == "fact":
        return {"type": kind, "value": {"card": 0, "lead": block.get("lead", "")}}
    return block_to_raw(block, where="test", media=MEDIA_STUB)


def long_sentences(text: str, *, limit: int = MAX_WORDS) -> list[tuple[int, str]]:
    found = []
    for sentence in SENTENCE_END.split(text or ""):
        words = len(WORD.findall(sentence))
        if words > limit:
            found.append((words, sentence.strip()))
    return found


def courses_long_sentences(paths: list[Path]) -> list[str]:
    bad = []
    for path in paths:
        course = yaml.safe_load(path.read_text(encoding="utf-8"))
        for module in course.get("modules", []):
            for lesson in module.get("lessons", []):
                raw = [_raw(block) for block in lesson.get("body", [])]
                text = lesson_content(raw).text
                for words, sentence in long_sentences(text):
                    bad.append(
                        f"{path.name} > {lesson['slug']}: {words} words: {sentence}"
                    )
    return bad


def test_there_are_dutch_courses_to_check():
    assert len(DUTCH_COURSES) >= 5


def test_there_is_an_english_course_to_check():
    assert len(ENGLISH_COURSES) >= 1


def test_no_dutch_lesson_sentence_is_longer_than_30_words():
    bad = courses_long_sentences(DUTCH_COURSES)
    listing = "\n".join(bad[:20])
    assert not bad, f"{len(bad)} lesson sentences over {MAX_WORDS} words:\n{listing}"


def test_no_english_lesson_sentence_is_longer_than_30_words():
    bad = courses_long_sentences(ENGLISH_COURSES)
    listing = "\n".join(bad[:20])
    assert not bad, f"{len(bad)} lesson sentences over {MAX_WORDS} words:\n{listing}"


def test_the_check_finds_one_long_sentence_among_short_ones():
    short = "Je vraagt wat iemand gebruikt. Dan luister je."
    long = " ".join(["woord"] * 31) + "."
    assert long_sentences(short) == []
    assert [words for words, _ in long_sentences(f"{short} {long}")] == [31]

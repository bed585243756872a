"""A readability hint per lesson: average sentence length and the share of long
words, against a target for a broad audience (language level B1).

Dutch B1 writing advice keeps sentences short (about 15 words on average) and
long words rare. A "long word" here has four or more syllables, counted as
groups of vowels; that is an estimate (it miscounts some loan words), good
enough for a hint and never a gate.
"""

import re
from dataclasses import dataclass

from .study_time import WORD

VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
# A sentence ends at . ! ? or … followed by white space or the end of the text;
# list items and headings arrive as separate lines and end a sentence too.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
LONG_WORD_SYLLABLES = 4


@dataclass(frozen=True)
class ReadabilityTarget:
    max_average_sentence_words: float
    max_long_word_share: float  # 0–1


B1_TARGET = ReadabilityTarget(max_average_sentence_words=15, max_long_word_share=0.1)


def syllables(word: str) -> int:
    return max(1, len(VOWEL_GROUP.findall(word)))


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    long_words: int
    target: ReadabilityTarget = B1_TARGET

    @property
    def average_sentence_words(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def sentences_too_long(self) -> bool:
        return self.average_sentence_words > self.target.max_average_sentence_words

    @property
    def too_many_long_words(self) -> bool:
        return self.long_word_share > self.target.max_long_word_share

    @property
    def meets_target(self) -> bool:
        return not (self.sentences_too_long or self.too_many_long_words)


def readability_of(text: str, *, target: ReadabilityTarget = B1_TARGET) -> Readability:
    """Counts for plain ``text`` (tags already stripped; one block per line)."""
    sentences = 0
    words = 0
    long_words = 0
    for sentence in SENTENCE_END.split(text or ""):
        found = WORD.findall(sentence)
        if not found:
            continue
        sentences += 1
        words += len(found)
        long_words += sum(1 for w in found if syllables(w) >= LONG_WORD_SYLLABLES)
    return Readability(
        sentences=sentences, words=words, long_words=long_words, target=target
    )

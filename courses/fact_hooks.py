"""Wagtail hook names through which apps above ``courses`` take part in keeping
facts current, without ``courses`` importing them.

- ``FACT_CHANGED_HOOK``: ``fn(card, before, after)`` runs when a published
  revision of a substance card changes its legal fact (``assessments``
  suspends the questions that depend on the card).
- ``FACT_DEPENDENTS_HOOK``: ``fn(card) -> list[str]`` warnings shown on the
  card's edit page before saving (which quizzes would fall below their draw
  size).
- ``FRESHNESS_SECTIONS_HOOK``: ``fn(request) -> list[FreshnessSection]`` extra
  sections of the report "Inhoud te beoordelen" (questions to review, bank
  check findings).
"""

from dataclasses import dataclass, field

FACT_CHANGED_HOOK = "bijblijven_substance_fact_changed"
FACT_DEPENDENTS_HOOK = "bijblijven_substance_fact_dependents"
FRESHNESS_SECTIONS_HOOK = "bijblijven_freshness_sections"


@dataclass(frozen=True)
class FreshnessRow:
    label: str
    url: str
    detail: str  # why it is listed
    action_url: str = ""  # e.g. "confirm": a page with a POST form
    action_label: str = ""


@dataclass(frozen=True)
class FreshnessSection:
    title: str
    description: str
    rows: list[FreshnessRow] = field(default_factory=list)
    empty_text: str = ""

"""Constructive alignment: does every learning objective have something that
assesses it, and does every question assess an objective of the course?

The matrix has the course's objectives as rows and its questions and scenario
steps as columns. Flags: an objective nothing assesses, a question tied to no
objective of this course (a tie to another course's objective does not count
here), and an objective with no CanMEDS role. Scenario steps are shown but not
flagged when untied: a step that only moves the story on assesses nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

# CanMEDS 2015: the seven roles, by the codes the records store.
CANMEDS_ROLES = (
    "medical_expert",
    "communicator",
    "collaborator",
    "leader",
    "health_advocate",
    "scholar",
    "professional",
)

QUESTION = "question"
STEP = "step"


@dataclass(frozen=True)
class ObjectiveRow:
    id: int
    code: str
    text: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlignedItem:
    """A question (``kind`` QUESTION) or scenario step (STEP); ``group`` is the
    quiz's category or the scenario it belongs to; ``edit_url`` where its ties
    are set (empty: nowhere)."""

    key: str
    kind: str
    label: str
    group: str
    objective_ids: frozenset[int] = field(default_factory=frozenset)
    edit_url: str = ""


@dataclass(frozen=True)
class ObjectiveSummary:
    objective: ObjectiveRow
    questions: int
    steps: int
    cells: tuple[bool, ...]  # one per item, in the alignment's item order

    @property
    def assessed(self) -> bool:
        return bool(self.questions or self.steps)


@dataclass(frozen=True)
class Alignment:
    objectives: tuple[ObjectiveSummary, ...]
    items: tuple[AlignedItem, ...]

    @property
    def unassessed(self) -> list[ObjectiveRow]:
        return [row.objective for row in self.objectives if not row.assessed]

    @property
    def untied_questions(self) -> list[AlignedItem]:
        return [
            item
            for item in self.items
            if item.kind == QUESTION and not item.objective_ids
        ]

    @property
    def without_role(self) -> list[ObjectiveRow]:
        return [row.objective for row in self.objectives if not row.objective.roles]

    @property
    def unknown_roles(self) -> list[tuple[ObjectiveRow, str]]:
        return [
            (row.objective, role)
            for row in self.objectives
            for role in row.objective.roles
            if role not in CANMEDS_ROLES
        ]

    @property
    def is_aligned(self) -> bool:
        return not (
            self.unassessed
            or self.untied_questions
            or self.without_role
            or self.unknown_roles
        )


def alignment_build(
    *, objectives: Iterable[ObjectiveRow], items: Iterable[AlignedItem]
) -> Alignment:
    """The matrix of ``objectives`` against ``items``; ties to objectives not in
    ``objectives`` are dropped, so they count as no tie."""
    objectives = tuple(objectives)
    known = {objective.id for objective in objectives}
    items = tuple(
        AlignedItem(
            key=item.key,
            kind=item.kind,
            label=item.label,
            group=item.group,
            objective_ids=frozenset(item.objective_ids) & known,
            edit_url=item.edit_url,
        )
        for item in items
    )
    rows = []
    for objective in objectives:
        cells = tuple(objective.id in item.objective_ids for item in items)
        rows.append(
            ObjectiveSummary(
                objective=objective,
                questions=sum(
                    1
                    for item, tied in zip(items, cells, strict=True)
                    if tied and item.kind == QUESTION
                ),
                steps=sum(
                    1
                    for item, tied in zip(items, cells, strict=True)
                    if tied and item.kind == STEP
                ),
                cells=cells,
            )
        )
    return Alignment(objectives=tuple(rows), items=items)

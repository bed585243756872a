"""Which parts of a course a learner must finish, and whether they have.

Lessons are checked here. Other page types inside modules (quizzes, scenarios) take
part by declaring ``completion_requirement = True`` and a classmethod
``passed_page_ids(*, user, pages, cycle) -> set[int]``; this module finds them
through Wagtail's page model registry, so ``courses`` never imports the apps that
build on it.
"""

from dataclasses import dataclass, field

from wagtail.models import get_page_models


def requirement_page_models() -> list[type]:
    return [
        model
        for model in get_page_models()
        if getattr(model, "completion_requirement", False)
    ]


@dataclass(frozen=True)
class Requirement:
    page_id: int
    title: str
    kind: str  # "lesson", "quiz", "scenario", ...
    module_id: int | None
    done: bool


@dataclass(frozen=True)
class CompletionStatus:
    """The state of one learner in one course for the current cycle."""

    enrolled: bool
    cycle: int
    requirements: tuple[Requirement, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def done_count(self) -> int:
        return sum(1 for requirement in self.requirements if requirement.done)

    @property
    def is_complete(self) -> bool:
        return self.enrolled and self.total > 0 and self.done_count == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def outstanding(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if not r.done)

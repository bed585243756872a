from assessments.scenarios.models.objectives import ScenarioStepObjective
from assessments.scenarios.models.pages import ScenarioPage
from assessments.scenarios.models.records import (
    AttemptStatus,
    ScenarioAttempt,
    ScenarioVersion,
)
from assessments.scenarios.models.snippets import SkillTag

__all__ = [
    "AttemptStatus",
    "ScenarioAttempt",
    "ScenarioPage",
    "ScenarioStepObjective",
    "ScenarioVersion",
    "SkillTag",
]

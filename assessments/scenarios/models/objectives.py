"""Which learning objectives a scenario step assesses. Steps live in the page's
StreamField and are named by their key, which trainers are told never to change
(``blocks.KEY_HELP``); a tie whose step is gone is simply not shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScenarioStepObjective(models.Model):
    page = models.ForeignKey(
        "scenarios.ScenarioPage",
        on_delete=models.CASCADE,
        related_name="step_objectives",
    )
    step_key = models.CharField(_("stap (code)"), max_length=64)
    objective = models.ForeignKey(
        "courses.LearningObjective",
        on_delete=models.CASCADE,
        related_name="scenario_steps",
        verbose_name=_("leerdoel"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "step_key", "objective"],
                name="scenariostepobjective_unique",
            )
        ]
        verbose_name = _("leerdoel van een scenariostap")
        verbose_name_plural = _("leerdoelen van scenariostappen")

    def __str__(self) -> str:
        return f"{self.page_id}:{self.step_key} → {self.objective_id}"

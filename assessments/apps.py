from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Toetsing")

    def ready(self):
        from assessments.models import Attempt
        from assessments.scenarios.models import ScenarioAttempt
        from training.learner_cache import watch_learner

        # A pass completes a course on "Mijn leeromgeving" (training.learner_cache).
        watch_learner(Attempt)
        watch_learner(ScenarioAttempt)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    """Branching conversation scenarios: pages, attempts, player and analytics.

    A nested app of ``assessments`` with its own label so its migrations never
    collide with the quiz models of ``assessments`` (docs/decisions.md)."""

    name = "assessments.scenarios"
    label = "scenarios"
    verbose_name = _("Scenario's")
    default_auto_field = "django.db.models.BigAutoField"

"""Editor-facing warnings in the Wagtail admin."""

from wagtail.admin.panels import HelpPanel


class FreshnessWarningPanel(HelpPanel):
    """On a course's edit page: the cards and lessons it uses that are past, or
    within 30 days of, their review-by date."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "courses/admin/freshness_warning_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.stale_items = []
            if self.instance is not None and self.instance.pk:
                from courses.selectors import stale_content

                self.stale_items = stale_content(course=self.instance)

        def is_shown(self):
            return bool(self.stale_items)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["stale_items"] = self.stale_items
            return context


class FactDependentsPanel(HelpPanel):
    """On a substance card's edit page, before saving: the questions that depend
    on its legal status and the quizzes that would fall below their draw size
    if a changed status suspended those questions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "courses/admin/fact_dependents_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.warnings = []
            if self.instance is not None and self.instance.pk:
                from wagtail import hooks

                from courses.fact_hooks import FACT_DEPENDENTS_HOOK

                for hook in hooks.get_hooks(FACT_DEPENDENTS_HOOK):
                    self.warnings.extend(hook(card=self.instance))

        def is_shown(self):
            return bool(self.warnings)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warnings"] = self.warnings
            return context


class AccreditationExpiredPanel(HelpPanel):
    """On a course's edit page: its accreditations whose period has ended, so
    completions no longer earn points there until the period is renewed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "courses/admin/accreditation_expired_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.expired = []
            if self.instance is not None and self.instance.pk:
                from django.utils import timezone

                today = timezone.localdate()
                self.expired = [
                    accreditation
                    for accreditation in self.instance.accreditations.select_related(
                        "register"
                    )
                    if accreditation.has_expired(today=today)
                ]

        def is_shown(self):
            return bool(self.expired)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["expired"] = self.expired
            return context

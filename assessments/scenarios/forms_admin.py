"""The admin edit form of ``ScenarioPage``.

Saving a draft defers required fields (Wagtail's deferred validation); the graph
checks are deferred with them, so an unfinished scenario can be saved and its
problems read in the map panel. Publishing and submitting for review validate
in full: ``ScenarioPage.clean`` then refuses an invalid graph."""

from wagtail.admin.forms import WagtailAdminPageForm


class ScenarioPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Read by ScenarioPage.clean, which the model validation runs next.
        self.instance.defer_graph_validation = self.is_deferred_validation
        return cleaned_data

"""Admin panel on the scenario edit page: the map of the graph as saved (draft
included), what is wrong with it, the score range, and links to the full map,
the analytics and the transcripts."""

from wagtail.admin.panels import HelpPanel


class ScenarioMapPanel(HelpPanel):
    def __init__(self, **kwargs):
        kwargs.setdefault("template", "scenarios/admin/map_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            from assessments.scenarios.map import map_svg

            context = super().get_context_data(parent_context)
            page = self.instance
            has_steps = page is not None and bool(page.steps.raw_data)
            result = page.check_definition() if has_steps else None
            scores = result.report.score_range if result and result.report else None
            context.update(
                {
                    "scenario_page": page,
                    "result": result,
                    "svg": map_svg(result, id_prefix="panel-map") if result else "",
                    "score_range": scores,
                    # + 0.0 turns a computed -0.0 into 0.0 for display
                    "score_low": scores.low + 0.0 if scores else None,
                    "score_high": scores.high + 0.0 if scores else None,
                }
            )
            return context

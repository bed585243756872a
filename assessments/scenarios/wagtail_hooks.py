"""Admin wiring: the skill tag snippet, the map, analytics, transcripts and the
preview player's URL, and a report menu item for trainers."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as PageHeaderItem
from wagtail.snippets.models import register_snippet

from assessments.scenarios import course_records_hooks  # noqa: F401 registers
from assessments.scenarios.models import ScenarioPage, SkillTag
from assessments.scenarios.views import admin as admin_views
from assessments.scenarios.views.objectives_admin import scenario_objectives_view
from assessments.scenarios.views.preview import scenario_playtest
from courses.roles import REVIEWERS, ROLE_PERMISSIONS_HOOK, TRAINERS
from training.snippets import SnippetViewSet


class SkillTagViewSet(SnippetViewSet):
    model = SkillTag
    icon = "tag"
    menu_label = _("Vaardigheden")
    add_to_admin_menu = False
    list_display = ["label", "key", "active", "sort_order"]
    list_filter = ["active"]
    search_fields = ["label"]
    search_backend_name = None  # listing: the database (see decisions.md)


register_snippet(SkillTagViewSet)


@hooks.register(ROLE_PERMISSIONS_HOOK)
def scenario_role_permissions():
    """Trainers read transcripts and keep the skill tags choices are tagged with."""
    return {
        TRAINERS: {
            admin_views.TRANSCRIPT_PERMISSION,
            "scenarios.add_skilltag",
            "scenarios.change_skilltag",
            "scenarios.view_skilltag",
        },
        REVIEWERS: {"scenarios.view_skilltag"},
    }


admin_urls = [
    path("kaart/<int:page_id>/", admin_views.scenario_map_view, name="map"),
    path(
        "leerdoelen/<int:page_id>/",
        scenario_objectives_view,
        name="objectives",
    ),
    path("analyse/", admin_views.scenario_report, name="report"),
    path("analyse/<int:page_id>/", admin_views.scenario_analytics, name="analytics"),
    path(
        "transcript/<int:attempt_id>/",
        admin_views.scenario_transcript,
        name="transcript",
    ),
    path("voorbeeld/<str:token>/", scenario_playtest, name="playtest"),
]


@hooks.register("insert_global_admin_css")
def scenario_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("scenarios/admin.css")
    )


@hooks.register("register_admin_urls")
def register_scenario_urls():
    return [
        path(
            "scenarios/",
            include((admin_urls, "scenarios_admin"), namespace="scenarios_admin"),
        )
    ]


class ScenarioReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.TRANSCRIPT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_scenario_report_menu_item():
    return ScenarioReportMenuItem(
        _("Scenario-analyse"),
        reverse("scenarios_admin:report"),
        icon_name="openquote",
        order=110,
    )


@hooks.register("register_page_header_buttons")
def scenario_page_buttons(page, user, view_name=None, next_url=None):
    if not issubclass(page.specific_class or type(page), ScenarioPage):
        return
    yield PageHeaderItem(
        _("Kaart"),
        reverse("scenarios_admin:map", args=[page.pk]),
        icon_name="site",
        priority=66,
    )
    yield PageHeaderItem(
        _("Leerdoelen per stap"),
        reverse("scenarios_admin:objectives", args=[page.pk]),
        icon_name="list-ul",
        priority=68,
    )
    if user.has_perm(admin_views.TRANSCRIPT_PERMISSION):
        yield PageHeaderItem(
            _("Analyse en pogingen"),
            reverse("scenarios_admin:analytics", args=[page.pk]),
            icon_name="openquote",
            priority=67,
        )

"""Admin wiring: card and topic snippets, the freshness report, the review
workflow's place in the menu."""

from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import ReferralCard, SubstanceCard, Topic
from courses.personal_data import personal_data
from courses.selectors import stale_content
from training.personal_data import PERSONAL_DATA_HOOK

KIND_LABELS = {
    "substancecard": _("Stofkaart"),
    "referralcard": _("Verwijskaart"),
    "lesson": _("Les"),
}


class SubstanceCardViewSet(SnippetViewSet):
    model = SubstanceCard
    icon = "doc-full-inverse"
    menu_label = _("Stofkaarten")
    list_display = ["name", "substance_class", "legal_status_checked", "review_by"]
    list_filter = ["review_by"]
    search_fields = ["name", "street_names"]


class ReferralCardViewSet(SnippetViewSet):
    model = ReferralCard
    icon = "site"
    menu_label = _("Verwijskaarten")
    list_display = ["service", "region", "review_by", "needs_check"]
    list_filter = ["region", "needs_check"]
    search_fields = ["service", "region"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Onderwerpen")
    list_display = ["name", "slug"]


class CourseContentGroup(SnippetViewSetGroup):
    items = (SubstanceCardViewSet, ReferralCardViewSet, TopicViewSet)
    menu_icon = "doc-full"
    menu_label = _("Lesinhoud")
    menu_name = "lesinhoud"


register_snippet(CourseContentGroup)

hooks.register(PERSONAL_DATA_HOOK, personal_data)


@permission_required("wagtailadmin.access_admin")
def freshness_report(request):
    items = []
    for item in stale_content():
        if item.kind == "lesson":
            edit_url = reverse("wagtailadmin_pages:edit", args=[item.obj.pk])
        else:
            edit_url = reverse(
                f"wagtailsnippets_courses_{item.kind}:edit", args=[item.obj.pk]
            )
        items.append(
            {
                "obj": item.obj,
                "kind_label": KIND_LABELS.get(item.kind, item.kind),
                "review_by": item.review_by,
                "state": item.state,
                "courses": item.courses,
                "edit_url": edit_url,
            }
        )
    return TemplateResponse(
        request, "courses/admin/freshness_report.html", {"items": items}
    )


@hooks.register("register_admin_urls")
def register_freshness_url():
    return [
        path(
            "reports/inhoud-te-beoordelen/",
            freshness_report,
            name="courses_freshness_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_freshness_menu_item():
    return MenuItem(
        _("Inhoud te beoordelen"),
        reverse("courses_freshness_report"),
        icon_name="warning",
        order=100,
    )

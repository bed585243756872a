"""Admin wiring: card and topic snippets, the freshness report, the review
workflow's place in the menu."""

from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from courses import erasure as courses_erasure
from courses.freshness import currency_sections
from courses.models import (
    CourseIndexPage,
    LearningObjective,
    ReferralCard,
    SubstanceCard,
    Topic,
)
from courses.personal_data import personal_data
from courses.roles import (
    REVIEWERS,
    ROLE_PERMISSIONS_HOOK,
    TRAINERS,
    catalogue_roles_ensure,
)
from courses.selectors import stale_content
from courses.views.records_admin import VIEW_PERMISSION as RECORDS_PERMISSION
from courses.views.records_admin import records_course, records_index
from training.admin_menu import PermissionMenuItem
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet

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
    search_backend_name = None  # listing: the database (see decisions.md)


class ReferralCardViewSet(SnippetViewSet):
    model = ReferralCard
    icon = "site"
    menu_label = _("Verwijskaarten")
    list_display = ["service", "region", "review_by", "needs_check"]
    list_filter = ["region", "needs_check"]
    search_fields = ["service", "region"]
    search_backend_name = None


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Onderwerpen")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class LearningObjectiveViewSet(SnippetViewSet):
    model = LearningObjective
    icon = "list-ul"
    menu_label = _("Leerdoelen")
    list_display = ["code", "text", "course"]
    list_filter = ["course"]
    search_fields = ["text", "code"]
    search_backend_name = None


class CourseContentGroup(SnippetViewSetGroup):
    items = (
        SubstanceCardViewSet,
        ReferralCardViewSet,
        TopicViewSet,
        LearningObjectiveViewSet,
    )
    menu_icon = "doc-full"
    menu_label = _("Lesinhoud")
    menu_name = "lesinhoud"


register_snippet(CourseContentGroup)

hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, courses_erasure.erase)


@hooks.register(ROLE_PERMISSIONS_HOOK)
def course_role_permissions():
    """Trainers keep cards and topics (no deleting shared cards, no publishing
    without review); reviewers check and publish cards."""
    return {
        TRAINERS: {
            *(
                f"courses.{action}_{model}"
                for model in ("substancecard", "referralcard")
                for action in ("add", "change", "view", "lock")
            ),
            "courses.add_topic",
            "courses.change_topic",
            "courses.view_topic",
            *(
                f"courses.{action}_learningobjective"
                for action in ("add", "change", "delete", "view")
            ),
        },
        REVIEWERS: {
            *(
                f"courses.{action}_{model}"
                for model in ("substancecard", "referralcard")
                for action in ("change", "view", "publish", "lock", "unlock")
            ),
            "courses.view_topic",
            "courses.change_learningobjective",
            "courses.view_learningobjective",
        },
    }


@hooks.register("after_create_page")
def give_roles_their_new_catalogue(request, page):
    """A catalogue made in the admin is at once writable by trainers and guarded
    by the review workflow."""
    if isinstance(page.specific, CourseIndexPage):
        catalogue_roles_ensure(page)


def _edit_url(obj, user) -> str | None:
    """Where ``user`` edits a lesson, course or card of the report; None when
    they may not (a link that ends in "geen toegang" helps nobody)."""
    if isinstance(obj, Page):
        if not obj.permissions_for_user(user).can_edit():
            return None
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    meta = obj._meta
    if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        return None
    return reverse(f"wagtailsnippets_courses_{meta.model_name}:edit", args=[obj.pk])


def _linked(obj, user) -> dict:
    return {"obj": obj, "edit_url": _edit_url(obj, user)}


@permission_required("wagtailadmin.access_admin")
def freshness_report(request):
    user = request.user
    items = [
        {
            **_linked(item.obj, user),
            "kind_label": KIND_LABELS.get(item.kind, item.kind),
            "review_by": item.review_by,
            "state": item.state,
            "courses": [_linked(course, user) for course in item.courses],
            "translations": [
                {**_linked(obj, user), "language": obj.locale.get_display_name()}
                for obj in item.translations
            ],
        }
        for item in stale_content()
    ]
    return TemplateResponse(
        request,
        "courses/admin/freshness_report.html",
        {"items": items, "sections": currency_sections(request)},
    )


@hooks.register("register_admin_urls")
def register_freshness_url():
    return [
        path(
            "reports/inhoud-te-beoordelen/",
            freshness_report,
            name="courses_freshness_report",
        ),
        path(
            "reports/leerdoelen-en-studietijd/",
            records_index,
            name="courses_records_index",
        ),
        path(
            "reports/leerdoelen-en-studietijd/<int:course_id>/",
            records_course,
            name="courses_records_course",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_records_menu_item():
    return PermissionMenuItem(
        _("Leerdoelen en studietijd"),
        reverse("courses_records_index"),
        icon_name="list-ul",
        order=110,
        permission=RECORDS_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_freshness_menu_item():
    return MenuItem(
        _("Inhoud te beoordelen"),
        reverse("courses_freshness_report"),
        icon_name="warning",
        order=100,
    )

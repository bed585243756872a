"""Admin wiring: the question bank (questions and categories), and the trainer
views for marking, regrading, item analysis and import/export."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from assessments import (
    course_records_hooks,  # noqa: F401 registers its hook
    currency_hooks,  # noqa: F401 registers its hooks
)
from assessments import erasure as assessments_erasure
from assessments.admin_views import ANALYSE, EXPORT, IMPORT, MARK, REGRADE
from assessments.admin_views.facts import CONFIRM as CONFIRM_FACTS
from assessments.models import Question, QuestionCategory
from assessments.personal_data import personal_data
from courses.roles import REVIEWERS, ROLE_PERMISSIONS_HOOK, TRAINERS
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Vragen")
    list_display = ["key", "__str__", "type", "category", "version", "updated_at"]
    list_filter = ["category", "type"]
    search_fields = ["key", "text"]
    search_backend_name = None  # listing: the database (see decisions.md)
    ordering = ["category__name", "key"]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categorieën")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Vragenbank")
    menu_name = "vragenbank"


register_snippet(QuestionBankGroup)
hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, assessments_erasure.erase)


@hooks.register(ROLE_PERMISSIONS_HOOK)
def assessment_role_permissions():
    """Trainers keep the question bank, mark essays, regrade and analyse;
    reviewers read the bank that the quizzes they review draw from."""
    return {
        TRAINERS: {
            "assessments.add_question",
            "assessments.change_question",
            "assessments.delete_question",
            "assessments.view_question",
            "assessments.add_questioncategory",
            "assessments.change_questioncategory",
            "assessments.view_questioncategory",
            MARK,
            ANALYSE,
            REGRADE,
            CONFIRM_FACTS,
        },
        REVIEWERS: {
            "assessments.view_question",
            "assessments.view_questioncategory",
            CONFIRM_FACTS,
        },
    }


@hooks.register("register_admin_urls")
def register_assessment_urls():
    from assessments import admin_urls

    return [path("toetsen/", include(admin_urls, namespace="assessments_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return request.user.has_perms(self.permissions)


def _menu_items():
    return [
        PermissionMenuItem(
            _("Beoordelen"),
            reverse("assessments_admin:marking_queue"),
            name="beoordelen",
            icon_name="edit",
            order=100,
            permissions=(MARK,),
        ),
        PermissionMenuItem(
            _("Herbeoordelen"),
            reverse("assessments_admin:regrade_list"),
            name="herbeoordelen",
            icon_name="repeat",
            order=200,
            permissions=(REGRADE,),
        ),
        PermissionMenuItem(
            _("Toetsanalyse"),
            reverse("assessments_admin:analysis_index"),
            name="toetsanalyse",
            icon_name="table",
            order=300,
            permissions=(ANALYSE,),
        ),
        PermissionMenuItem(
            _("Vragenbank controleren"),
            reverse("assessments_admin:bank_check"),
            name="vragenbank-controleren",
            icon_name="warning",
            order=350,
            permissions=(EXPORT,),
        ),
        PermissionMenuItem(
            _("Importeren en exporteren"),
            reverse("assessments_admin:import"),
            name="vragen-import",
            icon_name="download",
            order=400,
            permissions=(*IMPORT, EXPORT),
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_quiz_menu():
    return SubmenuMenuItem(
        _("Toetsen"),
        Menu(items=_menu_items()),
        name="toetsen",
        icon_name="tasks",
        order=350,
    )

"""Wiring into Wagtail and the apps below: certificate templates and validity rules
as snippets, the certificates listing in the admin, the course-progress hook that
issues certificates, and the sections on "Mijn leeromgeving"."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from certificates import admin_urls
from certificates import erasure as certificates_erasure
from certificates.admin_views import VIEW_PERMISSION
from certificates.models import Certificate, CertificateTemplate, ValidityRule
from certificates.personal_data import personal_data
from certificates.selectors import holder_overview, outstanding_work_summary
from certificates.services.content_updates import notice_email_sent
from certificates.services.issue_requests import issue_request_record
from courses.models import CoursePage
from courses.notices import COMPLETION_NOTICES_HOOK
from courses.roles import ROLE_PERMISSIONS_HOOK, TRAINERS
from courses.services import PROGRESS_RECORDED_HOOK
from courses.views.my_learning import PANELS_HOOK
from training.admin_menu import PermissionMenuItem
from training.background.selectors import SUMMARY_HOOK
from training.erasure import ERASURE_HOOK
from training.outbox import EMAIL_SENT_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Sjablonen")
    list_display = ["name", "is_default", "signatory_name"]
    search_fields = ["name"]
    search_backend_name = None  # listing: the database (see decisions.md)


class ValidityRuleViewSet(SnippetViewSet):
    model = ValidityRule
    icon = "time"
    menu_label = _("Geldigheidsregels")
    list_display = ["course", "profession", "months"]
    list_filter = ["profession"]


class CertificateSettingsGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, ValidityRuleViewSet)
    menu_icon = "doc-full"
    menu_label = _("Certificaatinstellingen")
    menu_name = "certificaatinstellingen"


register_snippet(CertificateSettingsGroup)

hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, certificates_erasure.erase)


@hooks.register(SUMMARY_HOOK)
def certificates_outstanding_work():
    return outstanding_work_summary(now=timezone.now())


hooks.register(EMAIL_SENT_HOOK, notice_email_sent)


@hooks.register(ROLE_PERMISSIONS_HOOK)
def certificate_role_permissions():
    """Trainers shape the certificate (template, validity per profession); who
    holds one and revoking it stay with the administrators."""
    return {
        TRAINERS: {
            "certificates.add_certificatetemplate",
            "certificates.change_certificatetemplate",
            "certificates.view_certificatetemplate",
            "certificates.add_validityrule",
            "certificates.change_validityrule",
            "certificates.delete_validityrule",
            "certificates.view_validityrule",
        }
    }


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("certificaten/", include(admin_urls, namespace="certificates_admin"))]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return PermissionMenuItem(
        _("Certificaten"),
        reverse("certificates_admin:index"),
        icon_name="doc-full",
        order=400,
        permission=VIEW_PERMISSION,
    )


@hooks.register(PROGRESS_RECORDED_HOOK)
def issue_certificate_when_complete(*, user, course):
    # An outbox row in the progress's own transaction; issuing follows on commit.
    issue_request_record(user=user, course=course)


@hooks.register(COMPLETION_NOTICES_HOOK)
def certificate_issued_notice(*, request, course, cycle):
    certificate = Certificate.objects.filter(
        user=request.user, course=course, cycle=cycle, revoked_at__isnull=True
    ).first()
    if certificate is None:
        return None
    return {
        "template": "certificates/includes/issued_notice.html",
        "certificate": certificate,
    }


def _overview(request):
    overview = getattr(request, "_certificates_overview", None)
    if overview is None:
        overview = holder_overview(user=request.user, today=timezone.localdate())
        request._certificates_overview = overview
    return overview


@hooks.register(PANELS_HOOK)
def certificates_attention_panel(request):
    overview = _overview(request)
    if not (overview.updates or overview.expiring or overview.expired):
        return None
    return {
        "template": "certificates/includes/panel_attention.html",
        "order": 10,
        "overview": overview,
    }


@hooks.register(PANELS_HOOK)
def certificates_panel(request):
    overview = _overview(request)
    if not overview.total:
        return None
    return {
        "template": "certificates/includes/panel_certificates.html",
        "order": 60,
        "overview": overview,
    }


def _pages_with_certificates(pages) -> list[str]:
    titles = []
    for page in pages:
        courses = CoursePage.objects.descendant_of(page, inclusive=True)
        if Certificate.objects.filter(course__in=courses).exists():
            titles.append(page.title)
    return titles


def _refuse_delete(request, titles):
    messages.error(
        request,
        _(
            "%(pages)s kan niet verwijderd worden: er zijn certificaten voor "
            "uitgegeven, die controleerbaar moeten blijven. Zet de cursus offline "
            "(publicatie intrekken) in plaats van hem te verwijderen."
        )
        % {"pages": ", ".join(titles)},
    )
    return redirect(_back_within_the_site(request))


def _back_within_the_site(request) -> str:
    """The page the request came from when it is on this site; the admin's home
    otherwise (a crafted Referer must not send anyone elsewhere)."""
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("wagtailadmin_home")


@hooks.register("before_delete_page")
def refuse_deleting_certified_courses(request, page):
    titles = _pages_with_certificates([page])
    if titles:
        return _refuse_delete(request, titles)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_certified_courses(request, action_type, objects, action):
    if action_type != "delete":
        return None
    pages = [obj for obj in objects if hasattr(obj, "path") and hasattr(obj, "depth")]
    titles = _pages_with_certificates(pages)
    if titles:
        return _refuse_delete(request, titles)
    return None

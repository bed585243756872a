"""Wiring: attendance records when a certificate is issued or an accredited
module is completed, the lines on the learner's certificate page, the person's
data download and erasure, the registration permission (with two factors for
its holders), and the Puntenregistratie report (``registers.admin_views``) with
its menu item for those holders."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.selectors import REMARKS_HOOK
from certificates.services.issue import CERTIFICATE_ISSUED_HOOK
from courses.services import PROGRESS_RECORDED_HOOK
from registers import erasure as registers_erasure
from registers.models import MANAGE_PERMISSION
from registers.personal_data import personal_data
from registers.selectors import certificate_registration_lines
from registers.services.records import (
    attendance_records_for_certificate,
    attendance_records_for_progress,
)
from training.admin_menu import PermissionMenuItem
from training.erasure import ERASURE_HOOK
from training.mfa import MFA_REQUIRED_HOOK
from training.personal_data import PERSONAL_DATA_HOOK

hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, registers_erasure.erase)
hooks.register(REMARKS_HOOK, certificate_registration_lines)


@hooks.register(CERTIFICATE_ISSUED_HOOK)
def attendance_records_on_issue(*, certificate):
    attendance_records_for_certificate(certificate=certificate)


@hooks.register(PROGRESS_RECORDED_HOOK)
def attendance_records_on_progress(*, user, course):
    attendance_records_for_progress(user=user, course=course)


@hooks.register("register_permissions")
def register_registration_permission():
    app_label, codename = MANAGE_PERMISSION.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )


@hooks.register(MFA_REQUIRED_HOOK)
def registration_managers_use_two_factors(user) -> bool:
    """They see learners' BIG numbers: they sign in with two factors."""
    return user.is_active and user.has_perm(MANAGE_PERMISSION)


@hooks.register("register_admin_urls")
def register_registration_admin_urls():
    from registers import admin_urls

    return [
        path(
            "reports/puntenregistratie/",
            include(admin_urls, namespace="registers_admin"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_registration_menu_item():
    return PermissionMenuItem(
        _("Puntenregistratie"),
        reverse("registers_admin:index"),
        icon_name="tasks",
        order=120,
        permission=MANAGE_PERMISSION,
    )

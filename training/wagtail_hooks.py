"""Wiring into Wagtail: the account section of a personal-data download, the
"Uitgaande e-mail" listing for administrators, names for admin editors, and
"Achtergrondwerk" (the background-task listing, its permission and the dashboard
notice), and erasing an account on request."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from training import admin_privacy
from training.admin_outbox import OutboxPermissionPolicy, OutboxViewSet
from training.background import admin_urls as background_admin_urls
from training.background.selectors import background_failed_count
from training.erasure import ERASE_PERMISSION
from training.models import OutboundEmail, PrivacyLogEntry
from training.models.background import MANAGE_PERMISSION
from training.personal_data import PERSONAL_DATA_HOOK, account_data
from training.privacy_log import privacy_log_data

hooks.register(PERSONAL_DATA_HOOK, account_data)
hooks.register(PERSONAL_DATA_HOOK, privacy_log_data)
register_permission_policy(OutboundEmail, OutboxPermissionPolicy(OutboundEmail))
register_permission_policy(
    PrivacyLogEntry, admin_privacy.PrivacyLogPermissionPolicy(PrivacyLogEntry)
)


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet("outbox", url_prefix="uitgaande-email")


@hooks.register("register_admin_viewset")
def register_privacy_log_viewset():
    return admin_privacy.PrivacyLogViewSet("privacy_log", url_prefix="privacylog")


@hooks.register("insert_global_admin_js")
def admin_labels_js():
    return format_html(
        '<script src="{}"></script>', static("training/js/admin-labels.js")
    )


@hooks.register("register_admin_urls")
def register_background_admin_urls():
    return [
        path(
            "achtergrondwerk/",
            include(background_admin_urls, namespace="background_admin"),
        )
    ]


class BackgroundMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_background_menu_item():
    # beside "Uitgaande e-mail" (900)
    return BackgroundMenuItem(
        _("Achtergrondwerk"),
        reverse("background_admin:index"),
        icon_name="cogs",
        order=905,
    )


@hooks.register("register_permissions")
def register_background_permission():
    app_label, codename = MANAGE_PERMISSION.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )


class BackgroundFailuresPanel(Component):
    """On the admin dashboard, only when a task failed."""

    name = "background_failures"
    order = 50
    template_name = "training/admin/background_panel.html"

    def __init__(self, failed: int):
        self.failed = failed

    def get_context_data(self, parent_context):
        return {
            "failed": self.failed,
            "url": reverse("background_admin:index") + "?status=failed",
        }


@hooks.register("construct_homepage_panels")
def add_background_failures_panel(request, panels):
    if not request.user.has_perm(MANAGE_PERMISSION):
        return
    failed = background_failed_count()
    if failed:
        panels.append(BackgroundFailuresPanel(failed))


@hooks.register("register_admin_urls")
def register_erase_admin_url():
    return [
        path(
            "account-wissen/<int:user_id>/",
            admin_privacy.erase,
            name="training_account_erase",
        )
    ]


@hooks.register("register_user_listing_buttons")
def erase_account_button(user, request_user):
    if user.erased_at is None and admin_privacy.user_can_erase(request_user, user):
        yield Button(
            _("Account wissen (op verzoek)"),
            reverse("training_account_erase", args=[user.pk]),
            icon_name="bin",
            priority=90,
        )


@hooks.register("register_permissions")
def register_erase_permission():
    app_label, codename = ERASE_PERMISSION.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )

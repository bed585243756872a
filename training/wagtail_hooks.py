"""Wiring into Wagtail: the account section of a personal-data download, the
"Uitgaande e-mail" listing for administrators, and names for admin editors."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from training.admin_outbox import OutboxPermissionPolicy, OutboxViewSet
from training.models import OutboundEmail
from training.personal_data import PERSONAL_DATA_HOOK, account_data

hooks.register(PERSONAL_DATA_HOOK, account_data)
register_permission_policy(OutboundEmail, OutboxPermissionPolicy(OutboundEmail))


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet("outbox", url_prefix="uitgaande-email")


@hooks.register("insert_global_admin_js")
def admin_labels_js():
    return format_html(
        '<script src="{}"></script>', static("training/js/admin-labels.js")
    )

"""Wiring into Wagtail: the account section of a personal-data download and the
"Uitgaande e-mail" listing for administrators."""

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

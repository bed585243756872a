"""Wiring into Wagtail and the apps below: organisations and their validity
rules as snippets for platform administrators, "Verplicht door je organisatie" on
"Mijn leeromgeving", the organisation validity override for new certificates,
managers as extra recipients of expiry reminders, and each organisation's current
members as a filter of the trainers' scenario analytics."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from assessments.scenarios.selectors import ANALYTICS_GROUPS_HOOK
from certificates.services.issue import VALIDITY_HOOK
from certificates.services.reminders import RECIPIENTS_HOOK
from courses.views.my_learning import PANELS_HOOK
from organisations import erasure as organisations_erasure
from organisations.models import (
    AuditAction,
    Membership,
    MonthlyReportDelivery,
    Organisation,
    OrganisationValidityRule,
    Team,
)
from organisations.personal_data import personal_data
from organisations.selectors.grid_cache import statuses_scope
from organisations.selectors.learner import (
    managers_for_certificate,
    required_for_learner,
    validity_months_override,
)
from organisations.selectors.matrix import user_ids_in
from organisations.services.audit import audit_log_add
from organisations.services.invitations import invitation_email_sent
from training.erasure import ERASURE_HOOK
from training.learner_cache import FOLLOWERS_HOOK, SCOPES_HOOK, organisation_scope
from training.mfa import MFA_REQUIRED_HOOK
from training.outbox import EMAIL_SENT_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet

FOLLOWERS_CHUNK = 10_000


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisaties")
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "region"]


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "organisation", "parent"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Lidmaatschappen")
    list_display = ["user", "organisation", "role", "start_date", "end_date"]
    list_filter = ["role"]


class OrganisationValidityRuleViewSet(SnippetViewSet):
    model = OrganisationValidityRule
    icon = "time"
    menu_label = _("Geldigheid per organisatie")
    list_display = ["organisation", "course", "profession", "months"]


class MonthlyReportDeliveryViewSet(SnippetViewSet):
    """Which monthly reports went out and which failed (with the error); a
    failed one is retried by the next `send_monthly_reports` run."""

    model = MonthlyReportDelivery
    icon = "mail"
    menu_label = _("Maandrapporten per e-mail")
    list_display = [
        "month",
        "organisation",
        "user",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "month"]


class OrganisationGroup(SnippetViewSetGroup):
    items = (
        OrganisationViewSet,
        TeamViewSet,
        MembershipViewSet,
        OrganisationValidityRuleViewSet,
        MonthlyReportDeliveryViewSet,
    )
    menu_icon = "group"
    menu_label = _("Organisaties")
    menu_name = "organisaties"


register_snippet(OrganisationGroup)


# Role changes made in the Wagtail admin are audited like those in the managers'
# area (which go through organisations.services.memberships).
@hooks.register("before_edit_snippet")
def remember_membership_role(request, instance):
    if isinstance(instance, Membership):
        request._organisations_role_before = instance.role


@hooks.register("after_edit_snippet")
def audit_membership_edit(request, instance):
    before = getattr(request, "_organisations_role_before", None)
    if isinstance(instance, Membership) and before and before != instance.role:
        audit_log_add(
            organisation=instance.organisation,
            action=AuditAction.ROLE_CHANGED,
            actor=request.user,
            subject=instance.user,
            before=before,
            after=instance.role,
        )


@hooks.register("after_create_snippet")
def audit_membership_create(request, instance):
    if isinstance(instance, Membership):
        audit_log_add(
            organisation=instance.organisation,
            action=AuditAction.MEMBER_ADDED,
            actor=request.user,
            subject=instance.user,
            after=instance.role,
        )


@hooks.register(SCOPES_HOOK)
def learner_organisation_scopes(*, user):
    """Every organisation the person is or was a member of: what it requires
    shows on their "Mijn leeromgeving" (training.learner_cache)."""
    organisation_ids = (
        Membership.objects.filter(user=user)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return [organisation_scope(pk) for pk in organisation_ids]


@hooks.register(FOLLOWERS_HOOK)
def member_statuses_scopes(*, user_ids):
    """A learner's change may change their cells on the dashboard of every
    organisation they belong to (selectors/grid_cache.py). In chunks: a signal
    may reach 100,000 people at once, more than SQLite takes as parameters."""
    organisation_ids: set[int] = set()
    user_ids = list(user_ids)
    for start in range(0, len(user_ids), FOLLOWERS_CHUNK):
        organisation_ids.update(
            Membership.objects.filter(
                user_ids_in(user_ids[start : start + FOLLOWERS_CHUNK])
            )
            .order_by()
            .values_list("organisation_id", flat=True)
            .distinct()
        )
    return [statuses_scope(pk) for pk in sorted(organisation_ids)]


@hooks.register(PANELS_HOOK)
def required_training_panel(request):
    groups = required_for_learner(user=request.user, today=timezone.localdate())
    if not groups:
        return None
    return {
        "template": "organisations/includes/panel_required.html",
        "order": 5,
        "groups": groups,
    }


@hooks.register(VALIDITY_HOOK)
def organisation_validity_months(*, user, course):
    return validity_months_override(
        user=user, course=course, today=timezone.localdate()
    )


@hooks.register(RECIPIENTS_HOOK)
def expiry_reminder_managers(*, certificate):
    return managers_for_certificate(certificate=certificate, today=timezone.localdate())


@hooks.register(ANALYTICS_GROUPS_HOOK)
def organisation_learner_groups():
    """Every organisation with its current members as a subquery (one query for
    the list; the chosen one's members are read inside the attempts query)."""
    members = Membership.objects.active(timezone.localdate())
    return [
        (
            f"organisation:{organisation.pk}",
            organisation.name,
            members.filter(organisation_id=organisation.pk).values("user_id"),
        )
        for organisation in Organisation.objects.order_by("name", "pk").only(
            "pk", "name"
        )
    ]


hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, organisations_erasure.erase)
hooks.register(EMAIL_SENT_HOOK, invitation_email_sent)


@hooks.register(MFA_REQUIRED_HOOK)
def managers_use_two_factors(user) -> bool:
    """Managers see their staff's records: they sign in with two factors."""
    return Membership.objects.active().managing().filter(user=user).exists()

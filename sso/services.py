"""State changes of organisation sign-in: the membership a person gets at
their first sign-in, and linking a waiting sign-in to the signed-in account."""

from allauth.socialaccount.models import SocialLogin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from organisations.models import Membership
from organisations.services.memberships import membership_join
from sso.selectors import identity_provider_get
from training.models import User


def sso_membership_ensure(*, user: User, provider_slug: str) -> Membership | None:
    """Make `user` a member of the organisation behind the provider (just in
    time, at the first sign-in or link). None for a provider we do not know."""
    provider = identity_provider_get(slug=provider_slug)
    if provider is None:
        return None
    return membership_join(user=user, organisation=provider.organisation)


@transaction.atomic
def sso_account_link(
    *, request: HttpRequest, sociallogin: SocialLogin, user: User
) -> Membership | None:
    """Connect the provider's identity (its `sub`) to `user`, who has just
    proven they own the account. Raises `ValidationError` when the waiting
    sign-in was for another address than the account's."""
    emails = {address.email.lower() for address in sociallogin.email_addresses}
    if user.email.lower() not in emails:
        raise ValidationError(
            _("Je bent ingelogd met een ander account dan dat van je organisatie.")
        )
    sociallogin.connect(request, user)
    return sso_membership_ensure(user=user, provider_slug=sociallogin.account.provider)

"""PyLTI1p3's view of our registrations: which LMS (issuer + client id) and which
deployments we accept, and the key we sign with."""

from __future__ import annotations

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from lti.keys import tool_key_current
from lti.models import PlatformDeployment, PlatformRegistration


def registration_for_pylti(registration: PlatformRegistration) -> Registration:
    key = tool_key_current()
    return (
        Registration()
        .set_issuer(registration.issuer)
        .set_client_id(registration.client_id)
        .set_auth_login_url(registration.auth_login_url)
        .set_auth_token_url(registration.token_url)
        .set_key_set_url(registration.jwks_url)
        .set_tool_private_key(key.private_key)
        .set_tool_public_key(key.public_key)
    )


class RegistrationToolConf(ToolConfAbstract):
    """Looks registrations up by issuer and client id (an issuer may register us
    more than once, e.g. one Moodle for two organisations). Remembers what it
    found, for the launch view."""

    registration: PlatformRegistration | None = None

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return None  # never asked: every issuer may have several clients

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        self.registration = (
            PlatformRegistration.objects.filter(
                issuer=iss, client_id=client_id, is_active=True
            )
            .select_related("organisation")
            .first()
        )
        if self.registration is None:
            return None
        return registration_for_pylti(self.registration)

    def find_deployment(self, iss, deployment_id):
        return None  # never asked, as above

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        known = PlatformDeployment.objects.filter(
            registration__issuer=iss,
            registration__client_id=client_id,
            registration__is_active=True,
            deployment_id=deployment_id,
        ).exists()
        return Deployment().set_deployment_id(deployment_id) if known else None

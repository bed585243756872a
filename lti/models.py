"""LTI 1.3: our tool key pair, each organisation's LMS registration with its
deployments, the link between an LMS user and our account (issuer + sub), the
launch nonces already used, and the line items that receive a course's result.

Organisation administrators of the platform fill in a registration in the
Wagtail admin (Instellingen > LTI-koppelingen); docs/lti.md lists the fields.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class ToolKey(models.Model):
    """Our RSA key pair: it signs deep-linking responses and the client assertion
    of the token request; the public half is served at /lti/jwks/. Generated on
    first use; an old key stays in the JWKS while `is_active` until the platforms
    have fetched the new one."""

    kid = models.CharField(max_length=64, unique=True)
    private_key = models.TextField()  # PEM, PKCS#8
    public_key = models.TextField()  # PEM
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("LTI-sleutel")
        verbose_name_plural = _("LTI-sleutels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class PlatformRegistration(ClusterableModel):
    """An organisation's LMS (Moodle, Canvas, Brightspace) that places our courses
    and launches its learners into them. The values come from the LMS's tool
    registration screen."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="lti_registrations",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    issuer = models.CharField(_("issuer (platform-ID)"), max_length=255)
    client_id = models.CharField(_("client-ID"), max_length=255)
    auth_login_url = models.URLField(_("URL voor de inlogaanvraag"), max_length=500)
    token_url = models.URLField(_("URL voor toegangstokens"), max_length=500)
    jwks_url = models.URLField(_("URL van de publieke sleutels (JWKS)"), max_length=500)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("issuer"),
        FieldPanel("client_id"),
        FieldPanel("auth_login_url"),
        FieldPanel("token_url"),
        FieldPanel("jwks_url"),
        FieldPanel("is_active"),
        InlinePanel("deployments", label=_("Deployment-ID's"), min_num=1),
    ]

    class Meta:
        verbose_name = _("LTI-koppeling")
        verbose_name_plural = _("LTI-koppelingen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"], name="lti_registration_unique_client"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlatformDeployment(models.Model):
    """A deployment of our tool in the LMS; launches from other deployments of
    the same registration are refused."""

    registration = ParentalKey(
        PlatformRegistration, on_delete=models.CASCADE, related_name="deployments"
    )
    deployment_id = models.CharField(_("deployment-ID"), max_length=255)

    panels = [FieldPanel("deployment_id")]

    class Meta:
        verbose_name = _("deployment")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "deployment_id"],
                name="lti_deployment_unique",
            )
        ]

    def __str__(self) -> str:
        return self.deployment_id


class LtiAccount(models.Model):
    """An LMS user linked to our account. Keyed on issuer + sub (the LMS's
    stable user id), never on the email address the LMS sends."""

    issuer = models.CharField(max_length=255)
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts"
    )
    registration = models.ForeignKey(
        PlatformRegistration, on_delete=models.CASCADE, related_name="accounts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="lti_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sub}"


class LaunchNonce(models.Model):
    """A launch's nonce, recorded when it is accepted: the unique constraint
    refuses the same id_token a second time (a replay)."""

    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "nonce"], name="lti_nonce_once")
        ]

    def __str__(self) -> str:
        return self.nonce


class GradeTarget(models.Model):
    """Where a learner's result for a course goes: the AGS line item of the
    resource link they launched from (the latest launch wins)."""

    registration = models.ForeignKey(
        PlatformRegistration, on_delete=models.CASCADE, related_name="grade_targets"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    sub = models.CharField(max_length=255)
    lineitem_url = models.URLField(max_length=500)
    # the AGS claim's scopes, as the platform granted them
    scopes = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "user", "course"], name="lti_target_unique"
            )
        ]

    def __str__(self) -> str:
        return self.lineitem_url


class ScoreSendStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt (wordt opnieuw geprobeerd)")


class ScoreSend(models.Model):
    """One course result to post to one line item; admins see its state (and
    the last error) under Instellingen > LTI-koppelingen > Resultaten."""

    target = models.ForeignKey(
        GradeTarget, on_delete=models.CASCADE, related_name="score_sends"
    )
    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ScoreSendStatus.choices,
        default=ScoreSendStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("LTI-resultaat")
        verbose_name_plural = _("LTI-resultaten")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "certificate"], name="lti_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.target}"

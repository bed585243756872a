"""An organisation's own identity provider (OpenID Connect) and the email
domains it signs in for.

Administrators edit these in the Wagtail admin. allauth never sees a database
row of its own for them: `sso.adapters.SocialAccountAdapter.list_apps` builds
allauth's `SocialApp` (provider "openid_connect", `provider_id` = our slug) from
each active row, so there is one place for the configuration.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from sso.validation import email_domain_check, server_url_check


class IdentityProvider(ClusterableModel):
    """The sign-in service of one organisation (Entra ID tenant, SURFconext,
    an eHerkenning broker): people whose email domain is listed here sign in
    there, and get a membership of `organisation` at their first sign-in."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Wat mensen zien, bijvoorbeeld 'Inloggen bij GGD Noord'."),
    )
    # allauth's provider_id: in the callback URL the provider is registered with.
    slug = models.SlugField(
        _("korte naam"),
        max_length=50,
        unique=True,
        help_text=_(
            "Staat in het terugkeeradres: /accounts/oidc/<korte naam>/login/callback/"
        ),
    )
    server_url = models.URLField(
        _("adres van de uitgever (issuer)"),
        max_length=300,
        help_text=_(
            "Bijvoorbeeld https://login.microsoftonline.com/<tenant-id>/v2.0. "
            "Het adres + /.well-known/openid-configuration moet bestaan."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=200)
    client_secret = models.CharField(_("client-geheim"), max_length=500)
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Uit: de e-maildomeinen loggen weer met een wachtwoord in."),
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("server_url"),
        FieldPanel("client_id"),
        FieldPanel("client_secret"),
        FieldPanel("is_active"),
        InlinePanel("domains", label=_("E-maildomeinen"), min_num=1),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("inlogdienst van een organisatie")
        verbose_name_plural = _("inlogdiensten van organisaties")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.server_url:
            try:
                self.server_url = server_url_check(self.server_url)
            except ValidationError as error:
                raise ValidationError({"server_url": error.messages}) from error


class IdentityProviderDomain(models.Model):
    """An email domain (the part after @) whose people sign in at `provider`.
    A domain belongs to one provider at most."""

    provider = ParentalKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.CharField(_("domein"), max_length=253, unique=True)

    panels = [FieldPanel("domain")]

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-maildomein")
        verbose_name_plural = _("e-maildomeinen")

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        super().clean()
        try:
            self.domain = email_domain_check(self.domain)
        except ValidationError as error:
            raise ValidationError({"domain": error.messages}) from error

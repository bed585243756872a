from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisaties")

    def ready(self):
        from organisations.models import (
            CertificateConsent,
            Membership,
            Organisation,
            OrganisationValidityRule,
            RequiredTraining,
            Team,
        )
        from training.learner_cache import organisation_scope, watch, watch_learner

        # What "Mijn leeromgeving" shows of these rows (training.learner_cache):
        # a person's own rows change their version, an organisation's rows the
        # version of the organisation, which every member's fragments depend on
        # (organisations/wagtail_hooks.py names a learner's organisations).
        watch_learner(Membership)
        watch_learner(CertificateConsent)
        watch(Organisation, scopes=lambda row: [organisation_scope(row.pk)])
        for model in (Team, RequiredTraining, OrganisationValidityRule):
            watch(model, scopes=lambda row: [organisation_scope(row.organisation_id)])

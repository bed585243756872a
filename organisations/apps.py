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
        from organisations.selectors.grid_cache import members_scope
        from training.learner_cache import (
            learner_scope,
            organisation_scope,
            watch,
            watch_learner,
        )

        # What "Mijn leeromgeving" shows of these rows (training.learner_cache):
        # a person's own rows change their version, an organisation's rows the
        # version of the organisation, which every member's fragments depend on
        # (organisations/wagtail_hooks.py names a learner's organisations). A
        # membership also changes the organisation's member set, which only the
        # dashboard's cached grid depends on (selectors/grid_cache.py).
        watch(
            Membership,
            scopes=lambda row: [
                learner_scope(row.user_id),
                members_scope(row.organisation_id),
            ],
        )
        watch_learner(CertificateConsent)
        watch(Organisation, scopes=lambda row: [organisation_scope(row.pk)])
        for model in (Team, RequiredTraining, OrganisationValidityRule):
            watch(model, scopes=lambda row: [organisation_scope(row.organisation_id)])

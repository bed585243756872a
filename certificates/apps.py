from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificaten")

    def ready(self):
        from wagtail.signals import page_published

        from certificates.signals import notify_material_change
        from certificates.verify_cache import signals_connect

        signals_connect()
        _learner_cache_connect()

        # Connected after courses' own receiver, which records the ContentChange.
        page_published.connect(
            notify_material_change, dispatch_uid="certificates_material_change"
        )


def _learner_cache_connect() -> None:
    """What "Mijn leeromgeving" shows of these rows (training.learner_cache)."""
    from certificates.models import Certificate, ContentUpdateNotice, ValidityRule
    from training.learner_cache import (
        learner_scope,
        watch,
        watch_everyone,
        watch_learner,
    )

    watch_learner(Certificate)
    watch(
        ContentUpdateNotice,
        scopes=lambda notice: [learner_scope(notice.certificate.user_id)],
    )
    watch_everyone(ValidityRule)

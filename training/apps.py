from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Bijblijven")

    def ready(self):
        from django_tasks_db.compat import task_finished

        from training.background.retry import retry_when_transient
        from training.metrics import metrics_connect
        from training.page_cache import signals_connect

        task_finished.connect(retry_when_transient, dispatch_uid="background_retry")
        signals_connect()
        metrics_connect()
        _learner_cache_connect()


def _learner_cache_connect() -> None:
    """A person's name, profession and roles show on their own pages."""
    from training.learner_cache import watch_learner
    from training.models import User

    watch_learner(User, "pk")

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

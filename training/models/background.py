"""Background tasks as the admin sees them: a proxy of django-tasks-db's
`DBTaskResult` that carries the permission to see and requeue them, so that it
can be given to a group of operators without making them superusers."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

MANAGE_PERMISSION = "training.manage_background_work"


class BackgroundTask(DBTaskResult):
    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            (
                "manage_background_work",
                _("Achtergrondwerk bekijken en mislukte taken opnieuw starten"),
            )
        ]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondwerk")

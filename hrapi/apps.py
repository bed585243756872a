from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrApiConfig(AppConfig):
    name = "hrapi"
    verbose_name = _("HR-koppeling")

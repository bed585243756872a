from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Cursussen")

    def ready(self):
        from wagtail.signals import page_published

        from courses.signals import record_material_change

        # Any publish (admin, workflow approval, code) records a marked change.
        page_published.connect(record_material_change, dispatch_uid="courses_change")

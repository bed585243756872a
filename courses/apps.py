from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Cursussen")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
        )

        from courses.signals import (
            forget_course_tree_version,
            record_card_fact,
            record_material_change,
            roles_after_migrate,
        )

        # Any publish (admin, workflow approval, code) records a marked change.
        page_published.connect(record_material_change, dispatch_uid="courses_change")
        published.connect(record_card_fact, dispatch_uid="courses_card_fact")
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(
                forget_course_tree_version,
                dispatch_uid=f"courses_tree_version_{id(signal)}",
            )
        post_migrate.connect(roles_after_migrate, dispatch_uid="courses_roles")
        _learner_cache_connect()


def _learner_cache_connect() -> None:
    """What "Mijn leeromgeving" and the lesson page show of these rows
    (training.learner_cache)."""
    from courses.models import (
        ContentChange,
        Enrolment,
        LessonCompletion,
        ReflectionAnswer,
    )
    from training.learner_cache import watch_everyone, watch_learner

    watch_learner(Enrolment)
    watch_learner(LessonCompletion)
    watch_learner(ReflectionAnswer)  # the lesson page shows the learner's answers
    watch_everyone(ContentChange)

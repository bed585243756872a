"""Reactions to Wagtail's own events on this app's pages."""

from wagtail.models import Page

from courses.services import content_change_record


def record_material_change(sender, instance, revision, **kwargs):
    if getattr(instance, "material_change", False) and revision is not None:
        content_change_record(page=instance, revision=revision, user=revision.user)


def forget_course_tree_version(sender, instance, **kwargs):
    """Any publish, unpublish, move or delete inside a course changes what its
    outline shows."""
    from courses.cache import course_tree_changed

    if isinstance(instance, Page) and instance.path:
        course_tree_changed(page=instance)
    before = kwargs.get("parent_page_before")
    if before is not None:  # moved out of a course
        course_tree_changed(page=before)


def roles_after_migrate(sender, **kwargs):
    """After every ``migrate`` (once, after the last app, when Django and Wagtail
    have made every permission) give the content roles their permissions and
    every catalogue its page permissions and review workflow."""
    from django.apps import apps

    from courses.models import CourseIndexPage
    from courses.roles import catalogue_roles_ensure, roles_ensure

    with_models = [app for app in apps.get_app_configs() if app.models_module]
    if sender is not with_models[-1]:
        return
    roles_ensure()
    for catalogue in CourseIndexPage.objects.all():
        catalogue_roles_ensure(catalogue)


def record_card_fact(sender, instance, **kwargs):
    """Any publish of a substance card (admin, workflow, loader) records its
    legal fact and reacts to a change."""
    from courses.models import SubstanceCard
    from courses.services import substance_card_published

    if isinstance(instance, SubstanceCard):
        substance_card_published(card=instance)

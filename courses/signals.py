"""Reactions to Wagtail's own events on this app's pages."""

from courses.services import content_change_record


def record_material_change(sender, instance, revision, **kwargs):
    if getattr(instance, "material_change", False) and revision is not None:
        content_change_record(page=instance, revision=revision, user=revision.user)

"""A step's optional image and audio, looked up on the live page by step key.

Media are presentation, not part of the graded definition: a fixed image or a
replaced recording shows at once, also in running attempts. At most two queries,
and none for a step without media."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from assessments.scenarios.authoring import step_media_ids


def step_media(*, page, key: str) -> dict:
    image_id, audio_id = step_media_ids(page.steps.raw_data, key)
    return {
        "image": get_image_model().objects.filter(pk=image_id).first()
        if image_id
        else None,
        "audio": get_document_model().objects.filter(pk=audio_id).first()
        if audio_id
        else None,
    }

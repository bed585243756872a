"""State changes on users."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from training.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Store the preferred interface language. Raises ``ValidationError`` for a
    language the site does not offer."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": "Unsupported language."})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user

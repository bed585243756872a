"""State changes on users."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from training.models import Profession, User


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


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    profession: str,
    preferred_language: str,
) -> User:
    """Change what a person may change about themselves. The name appears on
    certificates issued from now on; issued certificates keep the name they were
    issued with (``Certificate.holder_name``). Raises ``ValidationError`` for an
    empty name, an unknown profession or a language the site does not offer."""
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise ValidationError({"first_name": "A first and last name are required."})
    if profession not in Profession.values:
        raise ValidationError({"profession": "Unknown profession."})
    if preferred_language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": "Unsupported language."})
    user.first_name, user.last_name = first_name, last_name
    user.profession = profession
    user.preferred_language = preferred_language
    user.save(
        update_fields=["first_name", "last_name", "profession", "preferred_language"]
    )
    return user

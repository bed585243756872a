"""Django's password validators with the site's own wording (Dutch source, "je").

Django 5.2 changed the too-short message to a new msgid that its Dutch catalogue
does not translate yet, so Dutch sign-up pages showed it in English; its Dutch help
texts also say "uw" where the site says "je". The rules stay Django's; only the
messages are ours, translated in ``training/locale``.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext, ngettext


class UserAttributeSimilarityValidator(
    password_validation.UserAttributeSimilarityValidator
):
    def get_error_message(self):
        return gettext("Dit wachtwoord lijkt te veel op je %(verbose_name)s.")

    def get_help_text(self):
        return gettext(
            "Je wachtwoord mag niet te veel lijken op je naam of e-mailadres."
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Je wachtwoord moet minstens %(min_length)d teken hebben.",
            "Je wachtwoord moet minstens %(min_length)d tekens hebben.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return gettext("Dit wachtwoord wordt te vaak gebruikt. Kies een ander.")

    def get_help_text(self):
        return gettext("Je wachtwoord mag geen veelgebruikt wachtwoord zijn.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return gettext("Dit wachtwoord bestaat alleen uit cijfers.")

    def get_help_text(self):
        return gettext("Je wachtwoord mag niet alleen uit cijfers bestaan.")

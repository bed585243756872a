"""The organisations' identity providers in the Wagtail admin, under
Settings; only people with the model permissions (superusers) see them."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from sso import personal_data
from sso.models import IdentityProvider
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet


class IdentityProviderViewSet(SnippetViewSet):
    model = IdentityProvider
    icon = "key"
    menu_label = _("Inlogdiensten")
    add_to_settings_menu = True
    list_display = ["name", "organisation", "server_url", "is_active"]


register_snippet(IdentityProviderViewSet)
hooks.register(PERSONAL_DATA_HOOK, personal_data.personal_data)
hooks.register(ERASURE_HOOK, personal_data.erase)

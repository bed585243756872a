"""Wiring: a course result goes to the learner's LMS when we issue the
certificate; registrations and the results sent are kept under Instellingen
(LTI-koppelingen) for administrators; a person's data download lists their
LMS links and erasure removes them."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from certificates.services.issue import CERTIFICATE_ISSUED_HOOK
from lti import erasure as lti_erasure
from lti.models import PlatformRegistration, ScoreSend
from lti.personal_data import personal_data
from lti.services.grades import score_sends_create
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet

hooks.register(ERASURE_HOOK, lti_erasure.erase)
hooks.register(PERSONAL_DATA_HOOK, personal_data)


@hooks.register(CERTIFICATE_ISSUED_HOOK)
def score_sends_on_issue(*, certificate):
    score_sends_create(certificate=certificate)


class PlatformRegistrationViewSet(SnippetViewSet):
    model = PlatformRegistration
    icon = "link"
    list_display = ["name", "organisation", "issuer", "client_id", "is_active"]
    search_fields = ["name", "issuer", "client_id"]


class ScoreSendViewSet(SnippetViewSet):
    """What went to the platforms and what failed (the last error), so an
    administrator sees a platform that is down."""

    model = ScoreSend
    icon = "tasks"
    list_display = ["certificate", "target", "status", "attempts", "last_error"]
    list_filter = ["status"]
    inspect_view_enabled = True


class LtiViewSetGroup(SnippetViewSetGroup):
    menu_label = _("LTI-koppelingen")
    menu_icon = "link"
    add_to_settings_menu = True
    items = (PlatformRegistrationViewSet, ScoreSendViewSet)


register_snippet(LtiViewSetGroup)

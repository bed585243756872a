"""Wiring into Wagtail and the apps below: signals as snippets (with drafts,
revisions and preview) for trainers and reviewers, the signals to read at the
top of "Mijn leeromgeving", recent material changes to signal in the report
"Inhoud te beoordelen", and a person's signals in their data download and
account erasure."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.fact_hooks import FRESHNESS_SECTIONS_HOOK, FreshnessRow, FreshnessSection
from courses.roles import REVIEWERS, ROLE_PERMISSIONS_HOOK, TRAINERS
from courses.views.my_learning import PANELS_HOOK
from signalling import erasure as signalling_erasure
from signalling.admin_views import signal_from_change_view
from signalling.changes import recent_changes
from signalling.models import Signal
from signalling.personal_data import personal_data
from signalling.selectors import signals_for_user
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK
from training.snippets import SnippetViewSet


class SignalViewSet(SnippetViewSet):
    model = Signal
    icon = "warning"
    menu_label = gettext_lazy("Signaleringen")
    menu_name = "signaleringen"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "acknowledge_by", "live"]
    list_filter = ["live"]
    search_fields = ["title"]
    search_backend_name = None  # listing: the database (see decisions.md)


register_snippet(SignalViewSet)


@hooks.register(ROLE_PERMISSIONS_HOOK)
def signal_role_permissions():
    """Both roles write and publish signals: news that cannot wait for a review
    round (a dangerous batch) is published by the trainer who has it. Deleting
    one (with its acknowledgements) stays with administrators."""
    actions = ("add", "change", "view", "publish", "lock", "unlock")
    names = {f"signalling.{action}_signal" for action in actions}
    return {TRAINERS: names, REVIEWERS: names}


@hooks.register(PANELS_HOOK)
def signals_panel(request):
    items = signals_for_user(user=request.user, today=timezone.localdate())
    if not items:
        return None
    return {"template": "signalling/includes/panel.html", "order": 0, "items": items}


@hooks.register("register_admin_urls")
def register_signal_urls():
    return [
        path(
            "signaleringen/van-wijziging/<str:origin_key>/",
            signal_from_change_view,
            name="signalling_from_change",
        )
    ]


@hooks.register(FRESHNESS_SECTIONS_HOOK)
def changes_to_signal(request) -> list[FreshnessSection]:
    if not request.user.has_perm("signalling.add_signal"):
        return []
    rows = [
        FreshnessRow(
            label=change.title,
            url=reverse("signalling_from_change", args=[change.origin_key]),
            detail=change.summary,
            action_url=reverse("signalling_from_change", args=[change.origin_key]),
            action_label=_("Signalering maken"),
        )
        for change in recent_changes()
    ]
    return [
        FreshnessSection(
            title=_("Wijzigingen om te signaleren"),
            description=_(
                "Inhoudelijke wijzigingen van cursussen en stofkaarten van de "
                "laatste 60 dagen. Moeten mensen met een certificaat het nu "
                "weten? Maak er een signalering van, vooraf ingevuld."
            ),
            rows=rows,
            empty_text=_("Geen recente wijzigingen zonder signalering."),
        )
    ]


hooks.register(PERSONAL_DATA_HOOK, personal_data)
hooks.register(ERASURE_HOOK, signalling_erasure.erase)

"""The base for our snippet viewsets: a chooser that checks permissions.

Wagtail's snippet choosers ask only for access to the admin, so anyone in any
admin group could list every snippet through /beheer/snippets/choose/...: the
staff of every organisation (name, employer, role) to trainers, the question
bank to editors without question rights. Here the chooser answers only someone
holding a permission on the model (what they may see in its listing too)."""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

# Any of these lets someone see the model's listing, so choosing from it too.
CHOOSER_ACTIONS = ("add", "change", "delete", "view")


class PermissionCheckedChooserMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, CHOOSER_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(PermissionCheckedChooserMixin, chooser.ChooseView):
    pass


class ChooseResultsView(PermissionCheckedChooserMixin, chooser.ChooseResultsView):
    pass


class ChosenView(PermissionCheckedChooserMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(
    PermissionCheckedChooserMixin, chooser.SnippetChosenMultipleView
):
    pass


class CreateView(PermissionCheckedChooserMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


class SnippetViewSet(WagtailSnippetViewSet):
    """Use this instead of Wagtail's: the same, with a chooser that checks
    permissions (tests/training/test_admin_url_sweep.py tries every chooser as
    every group)."""

    chooser_viewset_class = PermissionCheckedChooserViewSet

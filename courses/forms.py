"""Forms for the catalogue filters and lesson interactions."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from courses.models import Topic
from courses.models.snippets import source_language_only
from courses.services import REFLECTION_MAX_LENGTH
from training.i18n import localized_map
from training.models import Profession


class CatalogueFilterForm(forms.Form):
    """GET filters; an unknown value is reported and ignored, never a 500."""

    q = forms.CharField(label=_("Zoeken"), max_length=100, required=False)
    profession = forms.ChoiceField(
        label=_("Beroep"),
        choices=[("", _("Alle beroepen")), *Profession.choices],
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Onderwerp"),
        queryset=Topic.objects.filter(**source_language_only()),
        to_field_name="slug",
        empty_label=_("Alle onderwerpen"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Courses link to the Dutch topics; their names show in the interface
        # language (one query for the translations, none in Dutch).
        if (translation.get_language() or "").split("-")[0] == settings.LANGUAGE_CODE:
            return
        topics = list(self.fields["topic"].queryset)
        names = {pk: topic.name for pk, topic in localized_map(topics).items()}
        self.fields["topic"].label_from_instance = lambda topic: names.get(
            topic.pk, topic.name
        )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {
                "query": self.data.get("q", "")[:100] if "q" not in self.errors else "",
                "profession": "",
                "topic": "",
            }
        topic = self.cleaned_data["topic"]
        return {
            "query": self.cleaned_data["q"].strip(),
            "profession": self.cleaned_data["profession"],
            "topic": topic.slug if topic else "",
        }


class ReflectionForm(forms.Form):
    block_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = forms.CharField(
        label=_("Je antwoord"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REFLECTION_MAX_LENGTH,
        help_text=_("Alleen jij en de trainers zien dit antwoord."),
    )

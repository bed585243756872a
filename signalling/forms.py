"""The signal's admin form: targets as checkboxes (Dutch source courses only:
certificates and enrolments live on them) and the rules of `signalling.rules`
as messages on the fields they concern."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from signalling import rules
from signalling.blocks import readable_parts
from training.models import Profession


class SignalForm(WagtailAdminModelForm):
    professions = forms.MultipleChoiceField(
        label=_("beroepen"),
        choices=Profession.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Met cursussen: alleen mensen met deze beroepen. Zonder cursussen: "
            "iedereen met een van deze beroepen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        courses = self.fields.get("courses")
        if courses is not None:
            courses.queryset = courses.queryset.filter(
                locale=Locale.get_default()
            ).order_by("title")

    def clean(self):
        cleaned = super().clean()
        before = self.instance.acknowledge_by if self.instance.pk else None
        problems = rules.signal_problems(
            words=rules.word_count(readable_parts(cleaned.get("body"))),
            has_courses=bool(cleaned.get("courses")),
            has_professions=bool(cleaned.get("professions")),
            acknowledge_by=cleaned.get("acknowledge_by"),
            acknowledge_by_before=before,
            today=timezone.localdate(),
        )
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
            elif field not in self.fields:
                self.add_error(None, message)
        return cleaned

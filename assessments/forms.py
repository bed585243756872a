"""Forms of the trainer views (marking, regrading, importing). The learner's
answer form is built from the attempt's questions in ``views.presenters`` and
read by ``grading.parse_answer``."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.quiz_messages import IMPORT_MESSAGES, coded_message
from assessments.services.marking import FEEDBACK_MAX_LENGTH
from assessments.services.regrade import NOTE_MAX_LENGTH
from assessments.spreadsheet import MAX_FILE_BYTES
from training.archives import UnsafeArchive, zip_upload_check


class MarkForm(forms.Form):
    score = forms.IntegerField(
        label=_("Score (procent)"),
        min_value=0,
        max_value=100,
        help_text=_("0 is onvoldoende, 100 is volledig goed."),
    )
    feedback = forms.CharField(
        label=_("Feedback voor de deelnemer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=FEEDBACK_MAX_LENGTH,
        required=False,
    )


class RegradeForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor de deelnemers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Bijvoorbeeld: ‘Vraag 4 had twee juiste antwoorden.’"),
    )


class ImportForm(forms.Form):
    """Checks only what is cheap: size, type and, for a workbook, the archive's
    directory. Reading the rows is the import task's work. `submission` is a
    one-time key per rendered form: a second submit finds the first import."""

    file = forms.FileField(
        label=_("Bestand (.xlsx of .csv)"),
        help_text=_(
            "Dezelfde kolommen als de export. Eerst wordt alles gecontroleerd."
        ),
    )
    submission = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission"] = secrets.token_urlsafe(24)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een .xlsx- of .csv-bestand."))
        if upload.name.lower().endswith(".xlsx"):
            try:
                zip_upload_check(upload.read())
            except UnsafeArchive as unsafe:
                code = "unpacks_too_large" if unsafe.code == "too_big" else "xlsx"
                raise forms.ValidationError(
                    coded_message(IMPORT_MESSAGES, f"unreadable_{code}", {})
                ) from None
            finally:
                upload.seek(0)
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Formaat"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")]
    )
    category = forms.SlugField(required=False)

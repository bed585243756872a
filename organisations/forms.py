"""Forms of the managers' area and the learners' consent screen. Choices that
depend on the organisation (teams, courses) are passed in, never looked up
across organisations."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from courses.selectors import course_list_sources
from organisations.labels import status_choices
from organisations.models import MembershipRole, RequirementAudience, Team
from organisations.services.invitations import DEFAULT_DAYS, MAX_DAYS
from organisations.services.staff_import import unreadable_message
from organisations.spreadsheets import MAX_BYTES
from training.archives import UnsafeArchive, zip_upload_check
from training.models import Profession


def _team_choices(teams, empty_label):
    return [("", empty_label), *((str(team.pk), str(team)) for team in teams)]


class TeamChoiceMixin:
    def team_from(self, teams: list[Team]) -> Team | None:
        value = self.cleaned_data.get("team")
        return next((team for team in teams if str(team.pk) == value), None)


class DashboardFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), required=False)
    beroep = forms.ChoiceField(
        label=_("Beroep"),
        required=False,
        choices=[("", _("Alle beroepen")), *Profession.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *status_choices()],
    )
    zoek = forms.CharField(
        label=_("Naam of e-mailadres"), required=False, max_length=100
    )
    sorteer = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams, _("Alle teams"))


class InviteEmailForm(TeamChoiceMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), required=False, max_length=150)
    team = forms.ChoiceField(label=_("Team"), required=False)
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            (MembershipRole.LEARNER, MembershipRole.LEARNER.label),
            (MembershipRole.MANAGER, MembershipRole.MANAGER.label),
        ],
        initial=MembershipRole.LEARNER,
    )
    days = forms.IntegerField(
        label=_("Geldig (dagen)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    def __init__(self, *args, teams: list[Team], can_invite_managers: bool, **kwargs):
        super().__init__(*args, prefix="email", **kwargs)
        self.fields["team"].choices = _team_choices(teams, _("Geen team"))
        if not can_invite_managers:
            del self.fields["role"]


class InviteLinkForm(TeamChoiceMixin, forms.Form):
    single_use = forms.ChoiceField(
        label=_("Wie kan de link gebruiken?"),
        widget=forms.RadioSelect,
        choices=[
            ("yes", _("Eén persoon (de link werkt één keer)")),
            ("no", _("Iedereen met een e-mailadres in het domein hieronder")),
        ],
        initial="yes",
    )
    allowed_domain = forms.CharField(
        label=_("E-maildomein"),
        required=False,
        max_length=120,
        help_text=_(
            "Bijvoorbeeld praktijk-devries.nl. Verplicht voor een link voor "
            "meerdere mensen."
        ),
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    days = forms.IntegerField(
        label=_("Geldig (dagen)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, prefix="link", **kwargs)
        self.fields["team"].choices = _team_choices(teams, _("Geen team"))


class ImportUploadForm(forms.Form):
    """Checks only what is cheap: size, type and, for a workbook, the archive's
    directory (`training.archives`). Reading the rows is the check task's work.
    `submission` is a one-time key per rendered form: a second submit of the
    same form finds the first import."""

    file = forms.FileField(
        label=_("Bestand (.xlsx of .csv)"),
        help_text=_(
            "Kolommen: e-mailadres, voornaam, achternaam, en eventueel team en "
            "beroep. De eerste rij bevat de kolomnamen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
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
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (maximaal %(mb)s MB).")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een .xlsx- of .csv-bestand."))
        if upload.name.lower().endswith(".xlsx"):
            try:
                zip_upload_check(upload.read())
            except UnsafeArchive as unsafe:
                raise forms.ValidationError(unreadable_message(unsafe.code)) from None
            finally:
                upload.seek(0)
        return upload


class RequirementForm(TeamChoiceMixin, forms.Form):
    course = forms.ModelChoiceField(
        label=_("Cursus"), queryset=CoursePage.objects.none()
    )
    audience = forms.ChoiceField(
        label=_("Voor wie"),
        choices=RequirementAudience.choices,
        widget=forms.RadioSelect,
        initial=RequirementAudience.EVERYONE,
    )
    team = forms.ChoiceField(label=_("Team (als voor een team)"), required=False)
    profession = forms.ChoiceField(
        label=_("Beroep (als voor een beroep)"),
        required=False,
        choices=[("", "—"), *Profession.choices],
    )
    due_date = forms.DateField(
        label=_("Uiterlijk afgerond op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_within_days = forms.IntegerField(
        label=_("Of: afgerond binnen zoveel dagen na indiensttreding"),
        required=False,
        min_value=1,
        max_value=3650,
    )

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        # translations are the same course in another language, never a choice
        self.fields["course"].queryset = course_list_sources().live().order_by("title")
        self.fields["team"].choices = _team_choices(teams, "—")

    def clean(self):
        data = super().clean()
        if bool(data.get("due_date")) == bool(data.get("due_within_days")):
            raise forms.ValidationError(
                _("Kies een vaste datum óf een aantal dagen na indiensttreding.")
            )
        if data.get("audience") == RequirementAudience.TEAM and not data.get("team"):
            self.add_error("team", _("Kies een team."))
        if data.get("audience") == RequirementAudience.PROFESSION and not data.get(
            "profession"
        ):
            self.add_error("profession", _("Kies een beroep."))
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Naam van het team"), max_length=120)
    parent = forms.ChoiceField(label=_("Valt onder"), required=False)

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _team_choices(
            [team for team in teams if team.parent_id is None], _("Geen (hoofdteam)")
        )


class MemberForm(TeamChoiceMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=MembershipRole.choices)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams, _("Geen team"))


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("Mag deze organisatie je eerdere certificaten zien?"),
        widget=forms.RadioSelect,
        choices=[
            ("yes", _("Ja, laat mijn eerdere certificaten zien")),
            ("no", _("Nee, alleen wat ik vanaf nu haal")),
        ],
    )


class TargetForm(forms.Form):
    target = forms.IntegerField(
        label=_("Doel: percentage medewerkers met geldige certificaten"),
        min_value=1,
        max_value=100,
    )


class ReportSubscriptionForm(forms.Form):
    monthly_report = forms.BooleanField(
        label=_("Stuur mij het maandrapport elke maand per e-mail"), required=False
    )

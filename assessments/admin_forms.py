"""Admin forms that check a question or quiz as a whole, across its inline
parts, with the same rules as the spreadsheet import."""

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from assessments.engine.essay_rule import (
    MAX_MARKING_DAYS,
    always_drawn_essays,
    marking_problem,
)
from assessments.engine.question_rules import question_problems
from assessments.quiz_messages import QUESTION_MESSAGES, coded_message

PART_LABELS = {
    "options": _("Antwoordmogelijkheden"),
    "items": _("Onderdelen"),
    "pairs": _("Paren"),
}


def _kept_forms(formset) -> list:
    """The inline forms that will be saved (filled in, not marked for deletion)."""
    if formset is None:
        return []
    # Validate the inline forms now (cached): this form's clean runs first.
    formset.errors  # noqa: B018
    return [
        form
        for form in formset.forms
        if (form.has_changed() or form.instance.pk)
        and hasattr(form, "cleaned_data")
        and not (formset.can_delete and formset._should_delete_form(form))
    ]


def _true_or_false(value: str) -> bool:
    return value == "true"


class QuestionAdminForm(WagtailAdminModelForm):
    # No default key: a trainer who writes a false statement and leaves the
    # choice alone must not publish "juist" (the model's default stays for the
    # other types and the stored questions).
    statement_true = forms.TypedChoiceField(
        label=_("De stelling is"),
        choices=[("true", _("Juist")), ("false", _("Onjuist"))],
        coerce=_true_or_false,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Alleen voor juist/onjuist-vragen: kies wat klopt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.statement_true if self.instance.pk else None
        self.initial["statement_true"] = (
            None if stored is None else ("true" if stored else "false")
        )
        if "fact_cards" in self.fields:
            # the Dutch cards own the facts; translations follow them
            from wagtail.models import Locale

            field = self.fields["fact_cards"]
            field.queryset = field.queryset.filter(locale=Locale.get_default())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("type"):
            return cleaned
        self._clean_statement(cleaned)
        parts = {
            name: [form.cleaned_data for form in _kept_forms(self.formsets.get(name))]
            for name in PART_LABELS
        }
        weight = cleaned.get("weight")
        data = {
            "type": cleaned["type"],
            "text": strip_tags(cleaned.get("text") or ""),
            "weight": float(weight) if weight is not None else 0,
            "partial_credit": cleaned.get("partial_credit"),
            "accepted_answers": (cleaned.get("accepted_answers") or "").splitlines(),
            **parts,
        }
        for problem in question_problems(data):
            message = coded_message(QUESTION_MESSAGES, problem.code, problem.params)
            if problem.field in PART_LABELS:
                self.add_error(None, f"{PART_LABELS[problem.field]}: {message}")
            elif problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, message)
        return cleaned

    def _clean_statement(self, cleaned) -> None:
        if cleaned.get("statement_true") is not None:
            return
        if cleaned["type"] == "true_false":
            self.add_error(
                "statement_true",
                _("Kies of de stelling juist of onjuist is."),
            )
        else:  # not used by this type: keep what is stored
            cleaned["statement_true"] = (
                self.instance.statement_true if self.instance.pk else True
            )


class QuizPageForm(WagtailAdminPageForm):
    """Checks that the chosen way of selecting questions has questions, and that
    each category holds enough questions to draw from."""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("feedback_mode") == "immediate"
            and cleaned.get("layout") == "all"
        ):
            self.add_error(
                "feedback_mode",
                _("Directe feedback kan alleen bij één vraag per pagina."),
            )
        drawing = cleaned.get("selection") == "draw"
        kept = _kept_forms(
            self.formsets.get("draw_rules" if drawing else "fixed_questions")
        )
        if not kept:
            self.add_error(
                "selection",
                _("Voeg minstens één categorie toe om uit te trekken.")
                if drawing
                else _("Kies minstens één vraag."),
            )
        if drawing:
            self._refuse_short_categories(kept)
        else:
            self._refuse_translations(kept)
        self._refuse_unmarked_essays(kept, drawing=drawing)
        return cleaned

    def _refuse_unmarked_essays(self, kept, *, drawing: bool) -> None:
        """An essay in every attempt makes every learner wait for a trainer."""
        from assessments.models import Question

        draws: dict = {}
        fixed_types = []
        for form in kept:
            data = form.cleaned_data
            if drawing and data.get("category"):
                key = data["category"].pk
                draws[key] = draws.get(key, 0) + (data.get("count") or 0)
            elif not drawing and data.get("question"):
                fixed_types.append(data["question"].type)
        pools: dict = {key: [] for key in draws}
        rows = (
            Question.objects.sources()
            .drawable()
            .filter(category_id__in=draws)
            .values_list("category_id", "type")
        )
        for category_id, kind in rows:
            pools[category_id].append(kind)
        always = always_drawn_essays(fixed_types=fixed_types, draws=draws, pools=pools)
        promised = bool(self.cleaned_data.get("essay_marking_promised"))
        days = self.cleaned_data.get("essay_marking_days")
        code = marking_problem(always_drawn=always, promised=promised, days=days)
        if code == "essay_always_drawn":
            self.add_error(
                "essay_marking_promised",
                _(
                    "Elke poging trekt een open vraag, dus elke deelnemer wacht op "
                    "een trainer. Vink aan dat je binnen een aantal dagen beoordeelt "
                    "en vul dat aantal in, of trek de open vraag niet altijd."
                ),
            )
        elif code:
            self.add_error(
                "essay_marking_days",
                _("Vul een aantal dagen in van 1 tot en met %(max)s.")
                % {"max": MAX_MARKING_DAYS},
            )

    def _refuse_short_categories(self, kept) -> None:
        wanted: dict = {}
        for form in kept:
            category = form.cleaned_data.get("category")
            if category:
                wanted[category] = wanted.get(category, 0) + (
                    form.cleaned_data.get("count") or 0
                )
        for category, count in wanted.items():
            available = category.questions.sources().drawable().count()
            if available < count:
                suspended = category.questions.sources().count() - available
                message = _(
                    "De categorie %(name)s heeft %(n)s vragen; er zijn er "
                    "%(count)s gevraagd."
                ) % {"name": category.name, "n": available, "count": count}
                if suspended:
                    message += " " + _(
                        "%(suspended)s vragen zijn opgeschort tot iemand ze "
                        "controleert (Rapporten > Inhoud te beoordelen)."
                    ) % {"suspended": suspended}
                self.add_error("selection", message)

    def _refuse_translations(self, kept) -> None:
        # a quiz records the Dutch question; learners see its translation anyway
        chosen = [form.cleaned_data.get("question") for form in kept]
        chosen = [question for question in chosen if question is not None]
        if not chosen:
            return
        sources = set(
            type(chosen[0])
            .objects.sources()
            .filter(pk__in=[question.pk for question in chosen])
            .values_list("pk", flat=True)
        )
        for question in chosen:
            if question.pk not in sources:
                self.add_error(
                    "selection",
                    _(
                        "Vraag %(key)s is een vertaling. Kies de Nederlandse vraag: "
                        "deelnemers zien vanzelf de vertaling in hun taal."
                    )
                    % {"key": question.key},
                )

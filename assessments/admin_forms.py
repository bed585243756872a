"""Admin forms that check a question or quiz as a whole, across its inline
parts, with the same rules as the spreadsheet import."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

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


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("type"):
            return cleaned
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
        return cleaned

    def _refuse_short_categories(self, kept) -> None:
        wanted: dict = {}
        for form in kept:
            category = form.cleaned_data.get("category")
            if category:
                wanted[category] = wanted.get(category, 0) + (
                    form.cleaned_data.get("count") or 0
                )
        for category, count in wanted.items():
            available = category.questions.sources().count()
            if available < count:
                self.add_error(
                    "selection",
                    _(
                        "De categorie %(name)s heeft %(n)s vragen; er zijn er "
                        "%(count)s gevraagd."
                    )
                    % {"name": category.name, "n": available, "count": count},
                )

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

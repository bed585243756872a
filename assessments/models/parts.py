"""The parts of a question: options (single and multiple choice), items
(ordering, in the right order) and pairs (matching). Each has a ``key`` unique
within its question that stored answers refer to."""

import string

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


def next_key(used: set[str], prefix: str) -> str:
    """The first free key: a, b, ... z, aa, ... for options; i1, i2 ... or p1 ...
    with a prefix."""
    if not prefix:
        letters = string.ascii_lowercase
        for first in ("", *letters):
            for letter in letters:
                if first + letter not in used:
                    return first + letter
    number = 1
    while f"{prefix or 'o'}{number}" in used:
        number += 1
    return f"{prefix or 'o'}{number}"


class QuestionPart(Orderable):
    _prefix = ""
    key = models.CharField(_("sleutel"), max_length=16, blank=True)

    class Meta(Orderable.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        # Parts created outside a question form (shell, import) still get a key.
        if not self.key:
            used = set(
                type(self)
                .objects.filter(question_id=self.question_id)
                .values_list("key", flat=True)
            )
            self.key = next_key(used, self._prefix)
        super().save(*args, **kwargs)


class QuestionOption(QuestionPart):
    """An answer option of a single or multiple choice question."""

    _prefix = ""
    question = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="options"
    )
    text = models.CharField(_("tekst"), max_length=500)
    correct = models.BooleanField(_("juist"), default=False)
    feedback = models.TextField(_("feedback bij deze keuze"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("correct"), FieldPanel("feedback")]

    class Meta(QuestionPart.Meta):
        verbose_name = _("antwoordmogelijkheid")
        verbose_name_plural = _("antwoordmogelijkheden")


class QuestionItem(QuestionPart):
    """An item of an ordering question; the sort order is the right order."""

    _prefix = "i"
    question = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="items"
    )
    text = models.CharField(_("tekst"), max_length=500)

    panels = [FieldPanel("text")]

    class Meta(QuestionPart.Meta):
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")


class QuestionPair(QuestionPart):
    """A prompt and its match in a matching question."""

    _prefix = "p"
    question = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="pairs"
    )
    prompt = models.CharField(_("begrip"), max_length=300)
    match = models.CharField(_("hoort bij"), max_length=500)

    panels = [FieldPanel("prompt"), FieldPanel("match")]

    class Meta(QuestionPart.Meta):
        verbose_name = _("paar")
        verbose_name_plural = _("paren")

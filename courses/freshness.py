"""The currency sections of the report "Inhoud te beoordelen": what this app
knows (lessons whose facts changed, old legal checks, sources to check) and
what apps above it add through ``FRESHNESS_SECTIONS_HOOK``."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from courses.fact_hooks import FRESHNESS_SECTIONS_HOOK, FreshnessRow, FreshnessSection
from courses.fact_selectors import (
    cards_with_old_legal_check,
    lessons_with_changed_facts,
    referral_cards_to_check,
    sources_to_check,
)
from courses.models import CurrencySettings

SOURCE_PROBLEMS = {
    "no_year": gettext_lazy("zonder jaartal"),
    "too_old": gettext_lazy("te oud"),
}


def _edit_url(obj, kind: str) -> str:
    if kind == "lesson":
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(f"wagtailsnippets_courses_{kind}:edit", args=[obj.pk])


def currency_sections(request) -> list[FreshnessSection]:
    limits = CurrencySettings.for_request(request)
    lessons = [
        FreshnessRow(
            label=item.lesson.title,
            url=_edit_url(item.lesson, "lesson"),
            detail=_("Gewijzigd op de stofkaart: %(cards)s.")
            % {"cards": ", ".join(card.name for card in item.cards)},
        )
        for item in lessons_with_changed_facts()
    ]
    cards = [
        FreshnessRow(
            label=card.name,
            url=_edit_url(card, "substancecard"),
            detail=_("Juridische status gecontroleerd op %(date)s.")
            % {"date": card.legal_status_checked.strftime("%d-%m-%Y")},
        )
        for card in cards_with_old_legal_check(
            max_age_months=limits.legal_check_max_age_months
        )
    ]
    sources = [
        FreshnessRow(
            label=str(finding.obj),
            url=_edit_url(finding.obj, finding.kind),
            detail="; ".join(
                f"{citation} ({SOURCE_PROBLEMS[problem]})"
                for citation, problem in finding.sources
            ),
        )
        for finding in sources_to_check(max_age_years=limits.source_max_age_years)
    ]
    referrals = [
        FreshnessRow(
            label=str(card),
            url=_edit_url(card, "referralcard"),
            detail=_("Controleren vóór %(date)s.")
            % {"date": card.review_by.strftime("%d-%m-%Y")},
        )
        for card in referral_cards_to_check()
    ]
    sections = [
        FreshnessSection(
            title=_("Lessen waarvan een feit is veranderd"),
            description=_(
                "Deze lessen tonen een stofkaart waarvan de juridische status is "
                "veranderd nadat de les voor het laatst is gepubliceerd. De les "
                "toont de nieuwe status al; lees of de tekst eromheen nog klopt."
            ),
            rows=lessons,
            empty_text=_("Geen lessen te controleren."),
        ),
        FreshnessSection(
            title=_("Juridische status lang niet gecontroleerd"),
            description=_(
                "Stofkaarten waarvan de juridische status meer dan %(months)s "
                "maanden geleden is gecontroleerd."
            )
            % {"months": limits.legal_check_max_age_months},
            rows=cards,
            empty_text=_("Alle juridische statussen zijn recent gecontroleerd."),
        ),
        FreshnessSection(
            title=_("Bronnen zonder jaartal of ouder dan %(years)s jaar")
            % {"years": limits.source_max_age_years},
            description=_(
                "Kaarten en lessen met zulke bronnen. De grens stel je in onder "
                "Instellingen > Actualiteit van de inhoud."
            ),
            rows=sources,
            empty_text=_("Alle bronnen hebben een recent jaartal."),
        ),
        FreshnessSection(
            title=_("Verwijskaarten met gegevens die nog gecontroleerd moeten worden"),
            description=_(
                "Op deze kaarten is een telefoonnummer, adres of intakeroute nog niet "
                "bij de dienst zelf bevestigd. De kaart zegt dat tegen de lezer; vul "
                "het gegeven aan en zet het vinkje uit zodra het gecontroleerd is."
            ),
            rows=referrals,
            empty_text=_("Alle verwijskaarten zijn gecontroleerd."),
        ),
    ]
    for hook in hooks.get_hooks(FRESHNESS_SECTIONS_HOOK):
        sections.extend(hook(request))
    return sections

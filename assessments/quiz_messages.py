"""Dutch source texts for the stable codes of the pure quiz modules.

``grading.InvalidAnswer``, ``question_rules.Problem``, ``attempt_rules.Refusal``
and the services' domain errors carry a code and params; these dicts hold one
literal gettext string per code (so makemessages finds them) and the helpers
format them in the current language.
"""

from django.utils.translation import gettext_lazy as _

from assessments.engine.grading import InvalidAnswer

ANSWER_MESSAGES = {
    "unknown_option": _("Antwoord %(key)s hoort niet bij deze vraag."),
    "duplicate_option": _("Antwoord %(key)s is meer dan eens verstuurd."),
    "multiple_values": _("Bij deze vraag hoort maar één antwoord."),
    "invalid_boolean": _("Kies juist of onjuist."),
    "too_long": _("Je antwoord heeft %(length)s tekens; het maximum is %(limit)s."),
    "invalid_position": _(
        "Kies voor elk onderdeel een plaats van 1 tot en met %(count)s."
    ),
    "duplicate_position": _(
        "Plaats %(position)s is aan meer dan één onderdeel gegeven."
    ),
    "incomplete_order": _(
        "Geef elk onderdeel een plaats (nog %(missing)s zonder plaats)."
    ),
    "unknown_match": _("De gekozen koppeling bestaat niet."),
}
# Codes an honest learner can cause with the form as rendered; all others mean
# the form was tampered with.
FORM_ERROR_CODES = frozenset({"duplicate_position", "incomplete_order", "too_long"})

BANK_MESSAGES = {
    "position_skew": _(
        "Het juiste antwoord staat in %(share)s%% van de vragen met één juist "
        "antwoord op plaats %(position)s (%(count)s van %(total)s). Meer dan 40%% "
        "is te raden, als de volgorde niet wordt gehusseld of vastligt."
    ),
    "longest_correct": _(
        "Het juiste antwoord is in %(share)s%% van de vragen met één juist "
        "antwoord het langste (%(count)s van %(total)s); wie het langste kiest, "
        "scoort dan goed."
    ),
    "single_wrong_option": _(
        "Vraag %(key)s: maar één antwoordmogelijkheid is fout; wie alles behalve "
        "de vreemde eend aanvinkt, heeft het goed."
    ),
    "no_explanation": _("Vraag %(key)s heeft geen uitleg."),
    "explanation_restates": _(
        "Vraag %(key)s: de uitleg herhaalt alleen het antwoord; leg uit waarom."
    ),
}

QUESTION_MESSAGES = {
    "required": _("Dit moet ingevuld zijn."),
    "unknown_type": _("Onbekende soort vraag: %(value)s."),
    "weight_positive": _("Het gewicht moet een getal groter dan 0 zijn."),
    "partial_credit_invalid": _(
        "Deze manier van deelpunten past niet bij deze soort vraag."
    ),
    "too_few_options": _("Geef minstens %(minimum)s antwoordmogelijkheden."),
    "too_few_items": _("Geef minstens %(minimum)s onderdelen."),
    "too_few_pairs": _("Geef minstens %(minimum)s paren."),
    "too_many_parts": _("Geef hoogstens %(maximum)s onderdelen."),
    "single_needs_one_correct": _(
        "Markeer precies één antwoord als juist (nu %(count)s)."
    ),
    "multiple_needs_correct": _("Markeer minstens één antwoord als juist."),
    "accepted_required": _("Geef minstens één goedgerekend antwoord."),
    "duplicate_text": _("„%(text)s” staat er twee keer in."),
}

REFUSAL_MESSAGES = {
    "unavailable": _("Deze toets is niet (meer) beschikbaar."),
    "max_attempts": _("Je hebt alle %(max)s pogingen voor deze toets gebruikt."),
    "cooldown": _("Je kunt het opnieuw proberen vanaf %(until)s."),
    "already_passed": _("Je bent al geslaagd voor deze toets."),
    "awaiting_marking": _(
        "Je vorige poging wacht nog op beoordeling door een trainer."
    ),
    "no_questions": _("Deze toets heeft (nog) geen vragen."),
    "pool_too_small": _("Er zijn niet genoeg vragen om deze toets samen te stellen."),
    "closed": _("Deze poging is al ingeleverd; er is niets gewijzigd."),
    "unknown_question": _(
        "Het formulier bevat een vraag die niet bij deze poging hoort."
    ),
    "not_checked_empty": _("Geef eerst een antwoord."),
}


def answer_message(error: InvalidAnswer) -> str:
    template = ANSWER_MESSAGES.get(error.code)
    if template is None:
        return str(_("Dit antwoord kon niet worden gelezen."))
    return str(template) % error.params


def coded_message(table: dict, code: str, params: dict | None = None) -> str:
    template = table.get(code)
    if template is None:
        return code
    return str(template) % (params or {})


def refusal_message(code: str, params: dict | None = None) -> str:
    """A refusal or domain error in words; datetimes shown in local time."""
    import datetime

    from django.utils import timezone
    from django.utils.formats import date_format

    params = dict(params or {})
    for name, value in params.items():
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            same_day = local.date() == timezone.localdate()
            params[name] = date_format(local, "H:i:s" if same_day else "j F Y H:i")
    return coded_message(REFUSAL_MESSAGES, code, params)


IMPORT_MESSAGES = {
    "required": _("Dit moet ingevuld zijn."),
    "invalid_key": _("Gebruik alleen letters, cijfers, - en _ (hoogstens 64 tekens)."),
    "unknown_category": _(
        "Onbekende categorie ‘%(value)s’; gebruik de slug van een bestaande categorie."
    ),
    "duplicate_key": _("Deze sleutel staat ook in rij %(row)s."),
    "invalid_number": _("‘%(value)s’ is geen getal."),
    "invalid_boolean": _("‘%(value)s’ is niet juist of onjuist."),
    "bad_options_line": _(
        "Regel %(line)s: schrijf ‘[x] tekst’ (juist) of ‘[ ] tekst’, eventueel "
        "met ‘| feedback’."
    ),
    "bad_pairs_line": _("Regel %(line)s: schrijf ‘begrip => hoort bij’."),
    "missing_columns": _("De kolommen %(columns)s ontbreken in de eerste rij."),
    "too_many_rows": _("Het bestand heeft meer dan %(max)s rijen; splits het op."),
    "unreadable_too_large": _("Het bestand is groter dan 5 MB."),
    "unreadable_unknown_format": _("Kies een .xlsx- of .csv-bestand."),
    "unreadable_empty": _("Het bestand is leeg."),
    "unreadable_encoding": _("Sla het CSV-bestand op als UTF-8."),
    "unreadable_csv": _("Het CSV-bestand kon niet worden gelezen."),
    "unreadable_xlsx": _("Het Excel-bestand kon niet worden gelezen."),
    "unreadable_unpacks_too_large": _(
        "Het Excel-bestand is uitgepakt te groot (meer dan 20 MB) of bevat te veel "
        "onderdelen. Bewaar alleen het blad met vragen en probeer het opnieuw."
    ),
}

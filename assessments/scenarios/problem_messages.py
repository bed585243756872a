"""Dutch texts (gettext msgids) for the problems the scenario validator reports.

``assessments.scenarios.engine.messages.MESSAGES`` holds the English source of every
problem code; trainers read these instead. Each text uses exactly the named
placeholders of its English source (a test checks this), so ``problem_text`` can
format it with ``Problem.params``. An unknown code falls back to the English
message rather than failing.
"""

from django.utils.translation import gettext_lazy as _

from assessments.scenarios.engine import Problem

PROBLEM_MESSAGES = {
    "not_a_mapping": _("%(path)s moet een verzameling sleutels en waarden zijn."),
    "missing_key": _("%(path)s mist het verplichte veld '%(key)s'."),
    "wrong_type": _("%(path)s moet van het type %(expected)s zijn, niet %(actual)s."),
    "empty_value": _("%(path)s mag niet leeg zijn."),
    "unsupported_schema_version": _(
        "schema_version %(version)s wordt niet ondersteund; verwacht %(expected)s."
    ),
    "duplicate_step": _("Stapcode '%(step)s' komt meer dan eens voor (%(path)s)."),
    "duplicate_choice": _(
        "Keuzecode '%(choice)s' komt meer dan eens voor in stap '%(step)s' (%(path)s)."
    ),
    "duplicate_variable": _(
        "Variabele '%(variable)s' is meer dan eens gedeclareerd (%(path)s)."
    ),
    "bad_operator": _(
        "%(path)s: onbekende vergelijking '%(op)s'; gebruik een van %(allowed)s."
    ),
    "bad_outcome": _(
        "%(path)s: onbekende uitkomst '%(outcome)s'; gebruik een van %(allowed)s."
    ),
    "unknown_key": _("%(path)s is geen bekend veld en wordt genegeerd."),
    "start_missing": _("De startstap '%(start)s' bestaat niet."),
    "start_is_ending": _(
        "De startstap '%(step)s' (%(title)s) is een einde: er valt niets te oefenen."
    ),
    "max_points_not_positive": _(
        "Het maximum aantal punten moet boven 0 liggen; het is %(max_points)s."
    ),
    "pass_threshold_out_of_range": _(
        "De slaaggrens moet tussen 0 en 1 liggen; hij is %(threshold)s."
    ),
    "variable_range_empty": _(
        "Variabele '%(variable)s' heeft een minimum (%(min)s) boven het maximum "
        "(%(max)s)."
    ),
    "variable_start_out_of_range": _(
        "Variabele '%(variable)s' begint op %(start)s, buiten het bereik %(min)s "
        "tot %(max)s."
    ),
    "skill_unknown": _(
        "De "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " heeft de onbekende vaardigheid '%(skill)s'."
    ),
    "target_missing": _(
        "De "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " leidt naar stap '%(target)s', die niet bestaat."
    ),
    "route_target_missing": _(
        "Route %(route)s van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " leidt naar stap '%(target)s', die "
        "niet bestaat."
    ),
    "points_out_of_range": _(
        "De "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " geeft %(points)s punten, buiten 0 tot %(max_points)s."
    ),
    "condition_variable_undeclared": _(
        "De voorwaarde van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " gebruikt de niet-gedeclareerde "
        "variabele '%(variable)s'."
    ),
    "route_variable_undeclared": _(
        "Route %(route)s van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " gebruikt de niet-gedeclareerde "
        "variabele '%(variable)s'."
    ),
    "effect_variable_undeclared": _(
        "De "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " verandert de niet-gedeclareerde variabele '%(variable)s'."
    ),
    "condition_never_holds": _(
        "De voorwaarde '%(condition)s' van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " kan nooit kloppen "
        "(%(variable)s blijft tussen %(low)s en %(high)s): de keuze wordt nooit "
        "getoond."
    ),
    "condition_always_holds": _(
        "De voorwaarde '%(condition)s' van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " klopt altijd "
        "(%(variable)s blijft tussen %(low)s en %(high)s)."
    ),
    "route_never_holds": _(
        "Route %(route)s ('%(condition)s') van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " kan nooit kloppen "
        "(%(variable)s blijft tussen %(low)s en %(high)s): hij leidt nooit naar "
        "'%(target)s'."
    ),
    "route_always_holds": _(
        "Route %(route)s ('%(condition)s') van de "
        "keuze '%(choice)s' van stap '%(step)s' (%(title)s)"
        " klopt altijd "
        "(%(variable)s blijft tussen %(low)s en %(high)s): de routes erna en het "
        "standaarddoel '%(default_target)s' worden nooit gebruikt."
    ),
    "ending_has_choices": _(
        "Stap '%(step)s' (%(title)s) is een einde maar heeft %(count)s keuzes."
    ),
    "ending_without_outcome": _(
        "Einde '%(step)s' (%(title)s) heeft geen uitkomst (goed, neutraal of slecht)."
    ),
    "dead_end": _(
        "Stap '%(step)s' (%(title)s) is geen einde en heeft geen keuzes: "
        "deelnemers lopen daar vast."
    ),
    "dead_end_all_hidden": _(
        "Stap '%(step)s' (%(title)s) is geen einde en geen van de %(count)s keuzes "
        "kan ooit getoond worden: deelnemers lopen daar vast."
    ),
    "choices_may_all_be_hidden": _(
        "In stap '%(step)s' (%(title)s) kunnen alle keuzes tegelijk verborgen zijn "
        "(bijvoorbeeld als %(example)s): deelnemers kunnen daar vastlopen."
    ),
    "unreachable": _(
        "Stap '%(step)s' (%(title)s) is niet bereikbaar vanaf de startstap '%(start)s'."
    ),
    "no_ending": _("Het scenario heeft geen einde."),
    "no_path_to_ending": _(
        "Vanaf stap '%(step)s' (%(title)s) leidt geen pad naar een einde."
    ),
    "no_path_to_ending_loop": _(
        "Stap '%(step)s' (%(title)s) zit in een lus zonder uitgang (stappen "
        "%(loop)s): geen pad leidt naar een einde."
    ),
    "pass_threshold_unreachable": _(
        "De slaaggrens (%(threshold_percent)s) is nooit te halen: de best "
        "mogelijke score is %(best_percent)s."
    ),
    "pass_threshold_always_met": _(
        "Elk pad scoort minstens %(worst_percent)s, wat de slaaggrens "
        "(%(threshold_percent)s) haalt: niemand kan zakken."
    ),
}


def problem_text(problem: Problem) -> str:
    """The problem in the active language, naming the step where it has one."""
    template = PROBLEM_MESSAGES.get(problem.code)
    if template is None:
        return problem.message
    try:
        return str(template) % problem.params
    except (KeyError, TypeError, ValueError):
        return problem.message

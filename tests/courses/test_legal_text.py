"""Reading Opium Act lists out of free text (pure functions)."""

import datetime

from courses.legal_text import (
    list_statements,
    lists_named,
    names_a_list,
    parse_legal_status,
)

NAMES = ["3-MMC", "2-MMC", "poes"]


def test_parse_finds_list_and_date_when_text_names_one_list():
    parsed = parse_legal_status(
        "<p>3-MMC staat sinds <strong>28 oktober 2021</strong> op "
        "<strong>lijst II</strong> van de Opiumwet.</p>"
    )
    assert parsed.opium_list == "II"
    assert parsed.since == datetime.date(2021, 10, 28)


def test_parse_leaves_status_empty_when_text_names_several_lists():
    parsed = parse_legal_status("<p>Sinds 2021 lijst II; sinds 2025 ook lijst IA.</p>")
    assert (parsed.opium_list, parsed.since) == ("", None)


def test_parse_leaves_status_empty_when_text_names_no_list():
    parsed = parse_legal_status("<p>De bronnen beschrijven de plaats niet.</p>")
    assert (parsed.opium_list, parsed.since) == ("", None)


def test_parse_ignores_impossible_date_when_list_is_clear():
    parsed = parse_legal_status("<p>Sinds 31 februari 2021 op List I.</p>")
    assert (parsed.opium_list, parsed.since) == ("I", None)


def test_lists_named_reads_dutch_english_and_group_list_when_mixed():
    text = "lijst I, List II, groepslijst IA, lijst 2 en een lijstje In orde"
    assert lists_named(text) == ["I", "II", "IA", "II"]


def test_list_statements_flags_paragraph_when_list_and_substance_meet():
    html = "<p>Het verbod kwam in 2021. Het middel 3-MMC staat op lijst II.</p>"
    assert list_statements(html, substance_names=NAMES) == [
        "Het verbod kwam in 2021. Het middel 3-MMC staat op lijst II."
    ]


def test_list_statements_flags_substance_in_other_sentence_when_same_paragraph():
    html = "<p>3-MMC is verboden. Het middel staat op lijst II.</p>"
    assert len(list_statements(html, substance_names=NAMES)) == 1


def test_list_statements_passes_paragraph_when_it_only_describes_the_law():
    html = (
        "<p>Lijst IA verbiedt hele stofgroepen.</p><p>3-MMC is sinds 2021 verboden.</p>"
    )
    assert list_statements(html, substance_names=NAMES) == []


def test_list_statements_needs_whole_name_when_name_is_part_of_another():
    html = "<p>2-MMC-achtig: lijst I</p>"
    assert list_statements(html, substance_names=["MMC"]) == []


def test_list_statements_flags_list_in_other_words_when_substance_named():
    html = (
        "<p>In 2021 kwam 3-MMC op de softdruglijst.</p>"
        "<p>In 2024 ging 3-MMC naar een zwaardere lijst.</p>"
        "<p>3-MMC moved to a stricter list.</p>"
    )
    assert len(list_statements(html, substance_names=NAMES)) == 3


def test_names_a_list_passes_ordinary_words_when_no_list_meant():
    assert not names_a_list("Een lijst risico's; lijsten zijn lang; zwaarder gebruik")
    assert names_a_list("the soft-drugs list")

"""The Entry document: built within PE-online's limits and valid against our schema."""

import datetime

import pytest
from lxml import etree

from registers.peonline.entry import (
    MAX_ATTENDANCES,
    Attendance,
    EntryError,
    Settings,
    entry_build,
    entry_redact,
    entry_validate,
)

# Xaurum's example request (version 0.1 of the description), with our own values.
DOCUMENTED_EXAMPLE = """<?xml version="1.0" standalone="yes"?>
<Entry>
  <Settings>
    <userID>1</userID>
    <userRole>EDU</userRole>
    <userKey>sleutel</userKey>
    <orgID>19</orgID>
    <settingOutput>1</settingOutput>
    <emailOutput>fouten@example.org</emailOutput>
    <languageID>1</languageID>
    <defaultLanguageID>1</defaultLanguageID>
  </Settings>
  <Attendance>
    <PECourseID>9471</PECourseID>
    <externalPersonID>39054148101</externalPersonID>
    <externalmoduleID>Module_A</externalmoduleID>
    <endDate>2008-06-09T13:08:13.9422087+02:00</endDate>
  </Attendance>
  <Attendance>
    <PECourseID>8001</PECourseID>
    <externalPersonID>59059671101</externalPersonID>
    <endDate>2008-06-08T13:08:13+02:00</endDate>
  </Attendance>
</Entry>"""


def _rows(count: int) -> str:
    row = (
        "<Attendance><PECourseID>1</PECourseID><externalPersonID>1</externalPersonID>"
        "<endDate>2026-01-01T10:00:00+01:00</endDate></Attendance>"
    )
    return DOCUMENTED_EXAMPLE.split("<Attendance>")[0] + row * count + "</Entry>"


def test_the_documented_example_validates_against_our_schema():
    entry_validate(DOCUMENTED_EXAMPLE)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("<endDate>2008-06-08T13:08:13+02:00</endDate>", ""), "no endDate"),
        (("13:08:13+02:00</endDate>", "13:08:13</endDate>"), "no offset"),
        (("<PECourseID>8001</PECourseID>", ""), "no course"),
        (("<PECourseID>8001</PECourseID>", "<PECourseID>A1</PECourseID>"), "text id"),
        (("<orgID>19</orgID>", ""), "no orgID"),
        (("<languageID>1</languageID>", "<languageID>2</languageID>"), "language"),
        (
            ("<PECourseID>8001</PECourseID>", "<PEEditionID>5</PEEditionID>"),
            "classroom edition",
        ),
        (("</Settings>", "</Settings><Extra/>"), "unknown element"),
    ],
)
def test_the_schema_refuses_a_broken_entry(change, why):
    broken = DOCUMENTED_EXAMPLE.replace(*change, 1)
    assert broken != DOCUMENTED_EXAMPLE, why

    with pytest.raises(EntryError):
        entry_validate(broken)


def test_the_schema_takes_100_attendances_and_refuses_101():
    entry_validate(_rows(100))

    with pytest.raises(EntryError, match="entry.xsd"):
        entry_validate(_rows(101))


def test_differing_language_ids_are_refused():
    broken = DOCUMENTED_EXAMPLE.replace(
        "<defaultLanguageID>1</", "<defaultLanguageID>6</"
    )
    with pytest.raises(EntryError, match="same"):
        entry_validate(broken)


def test_built_entry_has_settings_and_one_attendance_per_row(pe_settings, attendances):
    rows = attendances(3)
    rows.append(
        Attendance(
            external_person_id="123456",
            external_course_id="BB-3MMC & NPS",
            external_module_id="module <1>",
            end_date=datetime.datetime(2026, 6, 1, 8, 30, 15, 999, tzinfo=datetime.UTC),
        )
    )

    root = etree.fromstring(entry_build(settings=pe_settings, attendances=rows))

    assert root.findtext("Settings/userID") == "4711"
    assert root.findtext("Settings/userRole") == "EDU"
    assert root.findtext("Settings/orgID") == "19"
    assert root.findtext("Settings/languageID") == "1"
    nodes = root.findall("Attendance")
    assert len(nodes) == 4
    assert nodes[0].findtext("PECourseID") == "9471"
    assert nodes[0].findtext("externalPersonID") == "39054148101"
    assert nodes[0].findtext("endDate") == "2026-12-06T09:00:00+01:00"
    assert nodes[3].find("PECourseID") is None
    assert nodes[3].findtext("externalCourseID") == "BB-3MMC & NPS"
    assert nodes[3].findtext("externalmoduleID") == "module <1>"
    # whole seconds, offset kept: the same record is the same row when sent again
    assert nodes[3].findtext("endDate") == "2026-06-01T08:30:15+00:00"


def test_a_module_id_goes_between_person_and_date(pe_settings):
    row = Attendance(
        external_person_id="1",
        pe_course_id=5,
        pe_module_id=77,
        end_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    root = etree.fromstring(entry_build(settings=pe_settings, attendances=[row]))

    assert [child.tag for child in root.find("Attendance")] == [
        "PECourseID",
        "externalPersonID",
        "PEModuleID",
        "endDate",
    ]


def test_more_than_100_attendances_are_refused(pe_settings, attendances):
    entry_build(settings=pe_settings, attendances=attendances(MAX_ATTENDANCES))

    with pytest.raises(EntryError, match="at most 100"):
        entry_build(settings=pe_settings, attendances=attendances(101))


def test_an_entry_without_attendances_is_refused(pe_settings):
    with pytest.raises(EntryError, match="at least one"):
        entry_build(settings=pe_settings, attendances=[])


def test_an_attendance_for_another_organisation_is_refused(pe_settings, attendances):
    rows = attendances(2)
    rows.append(
        Attendance(
            external_person_id="123456",
            pe_course_id=1,
            end_date=rows[0].end_date,
            org_id=52,
        )
    )

    with pytest.raises(EntryError, match="one organisation"):
        entry_build(settings=pe_settings, attendances=rows)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pe_course_id": 1, "external_course_id": "X"}, "exactly one"),
        ({}, "exactly one"),
        (
            {"pe_course_id": 1, "pe_module_id": 2, "external_module_id": "M"},
            "at most one",
        ),
        ({"pe_course_id": 0}, "positive"),
        ({"pe_course_id": 1, "external_person_id": " "}, "number"),
        ({"pe_course_id": 1, "end_date": datetime.datetime(2026, 1, 1)}, "aware"),
    ],
)
def test_an_attendance_that_cannot_be_sent_is_refused(fields, message):
    values = {
        "external_person_id": "39054148101",
        "end_date": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        **fields,
    }
    with pytest.raises(EntryError, match=message):
        Attendance(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"user_id": "", "user_key": "k", "org_id": 19},
        {"user_id": "1", "user_key": "", "org_id": 19},
        {"user_id": "1", "user_key": "k", "org_id": 0},
        {"user_id": "1", "user_key": "k", "org_id": 19, "language_id": 2},
        {"user_id": "1", "user_key": "k", "org_id": 19, "setting_output": True},
    ],
)
def test_incomplete_settings_are_refused(fields):
    with pytest.raises(EntryError):
        Settings(**fields)


def test_the_stored_copy_hides_the_key(pe_settings, attendances):
    document = entry_build(settings=pe_settings, attendances=attendances(1))

    stored = entry_redact(document)

    assert b"geheim" in document
    assert "geheim" not in stored
    assert "<userKey>***</userKey>" in stored
    assert "<externalPersonID>39054148101</externalPersonID>" in stored

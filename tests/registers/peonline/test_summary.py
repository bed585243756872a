"""Reading PE-online's Summary back onto the rows we sent, and refusing what does not
fit them."""

import datetime

import pytest

from registers.peonline.entry import Attendance
from registers.peonline.summary import SummaryError, summary_parse

CEST = datetime.timezone(datetime.timedelta(hours=2))

# The three rows of Xaurum's example request, in its order.
SENT = [
    Attendance(
        external_person_id="39054148101",
        pe_course_id=9471,
        external_module_id="Module_A",
        end_date=datetime.datetime(2008, 6, 9, 13, 8, 13, tzinfo=CEST),
    ),
    Attendance(
        external_person_id="39054148101",
        pe_course_id=8001,
        end_date=datetime.datetime(2008, 6, 8, 13, 8, 13, tzinfo=CEST),
    ),
    Attendance(
        external_person_id="59059671101",
        pe_course_id=8001,
        end_date=datetime.datetime(2008, 6, 8, 13, 8, 13, tzinfo=CEST),
    ),
]

# Xaurum's example answer to it: the first row rejected ("regel 2"), two accepted.
DOCUMENTED_ANSWER = """<?xml version="1.0" standalone="yes"?>
<Summary>
  <Results>
    <rejected_rows>1</rejected_rows>
    <accepted_rows>2</accepted_rows>
    <total_rows>3</total_rows>
  </Results>
  <Error>
    <errorNR>100</errorNR>
    <errorMsg>Cursus 9471 op regel 2 is niet (juist) geaccrediteerd; Datum 09-06-2008
      valt buiten alle accr. periodes </errorMsg>
  </Error>
  <Accepted>
    <person>59059671101</person>
    <course>8001</course>
    <date>2008-06-08T13:08:13.9422087+02:00</date>
  </Accepted>
  <Accepted>
    <person>39054148101</person>
    <course>8001</course>
    <date>2008-06-08T13:08:13.9422087+02:00</date>
  </Accepted>
</Summary>"""


def test_the_documented_answer_maps_onto_the_documented_request():
    summary = summary_parse(DOCUMENTED_ANSWER, sent=SENT)

    assert [(row.index, row.person, row.course) for row in summary.accepted] == [
        (1, "39054148101", "8001"),
        (2, "59059671101", "8001"),
    ]
    assert summary.accepted[0].date == "2008-06-08T13:08:13.9422087+02:00"
    [rejected] = summary.rejected
    assert rejected.index == 0
    assert rejected.error_number == "100"
    assert rejected.error_message == (
        "Cursus 9471 op regel 2 is niet (juist) geaccrediteerd; Datum 09-06-2008 "
        "valt buiten alle accr. periodes"
    )
    assert summary.call_errors == ()


def test_an_answer_in_a_soap_envelope_or_as_escaped_text_is_read():
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soap:Body><ProcessXMLResponse><ProcessXMLResult>"
        + DOCUMENTED_ANSWER.split("?>", 1)[1]
        + "</ProcessXMLResult></ProcessXMLResponse></soap:Body></soap:Envelope>"
    )
    escaped = (
        '<?xml version="1.0" encoding="utf-8"?><string xmlns="https://x.example/">'
        + DOCUMENTED_ANSWER.split("?>", 1)[1].replace("&", "&amp;").replace("<", "&lt;")
        + "</string>"
    )

    for body in (envelope, escaped):
        summary = summary_parse(body, sent=SENT)
        assert [row.index for row in summary.accepted] == [1, 2]
        assert [row.index for row in summary.rejected] == [0]


def test_a_wrong_key_refuses_the_whole_call():
    body = (
        "<Summary><Results><rejected_rows>0</rejected_rows><accepted_rows>0"
        "</accepted_rows><total_rows>0</total_rows></Results><Error><errorNR>400"
        "</errorNR><errorMsg>No access; incorrect key / Geen toegang; onjuiste sleutel"
        "</errorMsg></Error></Summary>"
    )

    summary = summary_parse(body, sent=SENT)

    assert summary.accepted == summary.rejected == ()
    [error] = summary.call_errors
    assert error.error_number == "400"
    assert error.error_message.startswith("No access")


def test_two_errors_on_one_row_are_kept_together():
    body = DOCUMENTED_ANSWER.replace(
        "<Accepted>",
        "<Error><errorNR>100</errorNR><errorMsg>Professional 39054148101 op regel 2 "
        "bestaat niet in PE</errorMsg></Error><Accepted>",
        1,
    ).replace("<rejected_rows>1<", "<rejected_rows>1<")

    [rejected] = summary_parse(body, sent=SENT).rejected

    assert rejected.index == 0
    assert "accr. periodes" in rejected.error_message
    assert "bestaat niet in PE" in rejected.error_message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Service Unavailable", "not XML"),
        ("", "not XML"),
        ("<html><body>Fout</body></html>", "not one Summary"),
        (DOCUMENTED_ANSWER.replace("regel 2", "regel 9"), "row 9"),
        (DOCUMENTED_ANSWER.replace("regel 2", "regel 1"), "row 1"),
        (DOCUMENTED_ANSWER.replace("Cursus 9471", "Cursus 1234"), "course 1234"),
        (
            DOCUMENTED_ANSWER.replace("<person>59059671101", "<person>11111111111"),
            "not a row we sent",
        ),
        (
            DOCUMENTED_ANSWER.replace("<person>39054148101", "<person>59059671101"),
            "not a row we sent",
        ),
        (
            DOCUMENTED_ANSWER.replace("<course>8001", "<course>9999", 1),
            "not a row we sent",
        ),
        (DOCUMENTED_ANSWER.replace("<total_rows>3", "<total_rows>4"), "total_rows"),
        (
            DOCUMENTED_ANSWER.replace("<accepted_rows>2", "<accepted_rows>3"),
            "accepted_rows",
        ),
        (
            DOCUMENTED_ANSWER.replace("<Error>", "<Error-gone>")
            .replace("</Error>", "</Error-gone>")
            .replace("<rejected_rows>1", "<rejected_rows>0"),
            "Rows 2 are neither",
        ),
    ],
)
def test_an_answer_that_does_not_fit_what_we_sent_is_refused(body, message):
    with pytest.raises(SummaryError, match=message):
        summary_parse(body, sent=SENT)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("39054148101")
    body = (
        f'<!DOCTYPE Summary [<!ENTITY x SYSTEM "file://{secret}">]>'
        + DOCUMENTED_ANSWER.split("?>", 1)[1].replace(
            "<person>59059671101", "<person>&x;"
        )
    )

    with pytest.raises(SummaryError):
        summary_parse(body, sent=SENT)


def test_a_course_sent_by_our_code_may_come_back_with_pe_onlines_number():
    sent = [
        Attendance(
            external_person_id="123456",
            external_course_id="BB-1",
            end_date=datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC),
        )
    ]
    body = (
        "<Summary><Results><rejected_rows>0</rejected_rows><accepted_rows>1"
        "</accepted_rows><total_rows>1</total_rows></Results><Accepted><person>123456"
        "</person><course>88123</course><date>2026-12-06T10:00:00.0000000+01:00</date>"
        "</Accepted></Summary>"
    )

    [accepted] = summary_parse(body, sent=sent).accepted

    assert accepted.index == 0


def test_an_accepted_row_is_found_by_person_and_course_when_its_date_differs():
    # PE-online might write the date it processed the row, or in another form
    body = DOCUMENTED_ANSWER.replace(
        "<person>59059671101</person>\n    <course>8001</course>\n    <date>2008-06-08",
        "<person>59059671101</person>\n    <course>8001</course>\n    <date>2008-06-10",
    )
    assert body != DOCUMENTED_ANSWER

    summary = summary_parse(body, sent=SENT)

    assert [row.index for row in summary.accepted] == [1, 2]


def test_an_accepted_row_with_another_date_and_two_candidates_is_refused():
    sent = [
        *SENT,
        SENT[1].__class__(
            external_person_id="39054148101",
            pe_course_id=8001,
            end_date=SENT[1].end_date + datetime.timedelta(days=1),
        ),
    ]
    body = (
        DOCUMENTED_ANSWER.replace("<total_rows>3", "<total_rows>4")
        .replace("<accepted_rows>2", "<accepted_rows>3")
        .replace(
            "</Error>",
            "</Error><Accepted><person>39054148101</person><course>8001</course>"
            "<date>2008-07-01T00:00:00+02:00</date></Accepted>",
        )
    )

    with pytest.raises(SummaryError, match="not a row we sent"):
        summary_parse(body, sent=sent)

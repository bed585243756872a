"""Posting an Entry to a local PE-online and classifying what comes back. Every
request the client sends is checked against entry.xsd by the `pe_online` fixture."""

import socket
import urllib.parse

import pytest

from registers.peonline.client import (
    Outcome,
    entry_send,
    process_xml_url,
    service_url,
)
from registers.peonline.fake_server import Reply, call_error_xml

NOT_ACCREDITED = (
    "Cursus {course} op regel {row} is niet (juist) geaccrediteerd; De datum "
    "06-12-2026 valt buiten alle accr. periodes"
)


def test_all_rows_accepted(pe_online, pe_settings, attendances):
    server = pe_online()
    rows = attendances(3)

    result = entry_send(url=server.url, settings=pe_settings, attendances=rows)

    assert result.outcome == Outcome.ANSWERED
    assert result.http_status == 200
    assert [row.index for row in result.summary.accepted] == [0, 1, 2]
    assert result.summary.rejected == ()
    [received] = server.received
    assert [row["externalPersonID"] for row in received.rows] == [
        "39054148101",
        "39054148102",
        "39054148103",
    ]
    assert received.rows[0]["endDate"] == "2026-12-06T09:00:00+01:00"
    assert "<Summary>" in result.response_body


def test_some_rows_rejected_with_the_documented_error(
    pe_online, pe_settings, attendances
):
    server = pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 1 else None)

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(3)
    )

    assert result.outcome == Outcome.ANSWERED
    assert [row.index for row in result.summary.accepted] == [0, 2]
    [rejected] = result.summary.rejected
    assert rejected.index == 1
    assert rejected.error_number == "100"
    assert rejected.error_message.startswith("Cursus 9471 op regel 3 is niet")


def test_a_server_error_is_retryable(pe_online, pe_settings, attendances):
    server = pe_online(replies=[Reply(status=500, body="Runtime Error")])

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(2)
    )

    assert result.outcome == Outcome.RETRY
    assert result.http_status == 500
    assert result.response_body == "Runtime Error"
    assert result.summary is None


def test_a_timeout_is_retryable(pe_online, pe_settings, attendances):
    server = pe_online(replies=[Reply(delay=1.0)])

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(2), timeout=0.2
    )

    assert result.outcome == Outcome.RETRY
    assert result.error.startswith("Timeout")
    assert server.calls == 1


def test_no_server_is_retryable(pe_settings, attendances):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # nothing listens on the port any more

    result = entry_send(
        url=f"http://127.0.0.1:{port}/WriteAttendance.asmx",
        settings=pe_settings,
        attendances=attendances(1),
        timeout=2,
    )

    assert result.outcome == Outcome.RETRY
    assert result.error.startswith("No answer")


def test_a_malformed_body_fails_and_is_kept(pe_online, pe_settings, attendances):
    server = pe_online(replies=[Reply(body="<Summary><Results>afgebroken")])

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(2)
    )

    assert result.outcome == Outcome.FAILED
    assert result.response_body == "<Summary><Results>afgebroken"
    assert "not XML" in result.error
    assert result.summary is None


def test_an_answer_naming_rows_we_did_not_send_fails(
    pe_online, pe_settings, attendances
):
    server = pe_online(
        rejecter=lambda row, i: "Cursus {course} op regel 7 bestaat niet in PE"
    )

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(2)
    )

    assert result.outcome == Outcome.FAILED
    assert "row 7" in result.error
    assert "regel 7" in result.response_body


def test_a_refused_key_fails_the_call(pe_online, pe_settings, attendances):
    body = call_error_xml("400", "No access; incorrect key / Geen toegang")
    server = pe_online(replies=[Reply(body=body)])

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(2)
    )

    assert result.outcome == Outcome.FAILED
    assert "400 No access" in result.error
    assert result.response_body == body


def test_a_client_error_status_fails(pe_online, pe_settings, attendances):
    server = pe_online(replies=[Reply(status=404, body="Not Found")])

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(1)
    )

    assert result.outcome == Outcome.FAILED
    assert result.http_status == 404


def test_the_key_travels_in_the_request_but_is_not_kept(
    pe_online, pe_settings, attendances
):
    server = pe_online()

    result = entry_send(
        url=server.url, settings=pe_settings, attendances=attendances(1)
    )

    assert "<userKey>geheim</userKey>" in server.received[0].entry
    assert "geheim" not in result.request_body


def test_only_http_addresses_are_called():
    assert process_xml_url("https://www.pe-online.org/x/WriteAttendance.asmx/") == (
        "https://www.pe-online.org/x/WriteAttendance.asmx/ProcessXML"
    )
    assert process_xml_url("http://127.0.0.1:1/a.asmx/ProcessXML").endswith(
        "a.asmx/ProcessXML"
    )
    with pytest.raises(ValueError, match="http"):
        process_xml_url("file:///etc/passwd")
    assert service_url("https://pe.example/a.asmx/ProcessXML") == (
        "https://pe.example/a.asmx"
    )


def test_the_soap_binding_carries_the_same_entry(pe_online, pe_settings, attendances):
    server = pe_online(rejecter=lambda row, i: NOT_ACCREDITED if i == 0 else None)

    result = entry_send(
        url=server.url,
        settings=pe_settings,
        attendances=attendances(2),
        binding="soap",
    )

    assert result.outcome == Outcome.ANSWERED
    assert [row.index for row in result.summary.accepted] == [1]
    assert [row.index for row in result.summary.rejected] == [0]
    [received] = server.received
    assert received.binding == "soap"
    assert [row["externalPersonID"] for row in received.rows] == [
        "39054148101",
        "39054148102",
    ]
    assert "<soap:Envelope" in result.response_body


def test_an_unknown_binding_is_refused(pe_settings, attendances):
    with pytest.raises(ValueError, match="binding"):
        entry_send(
            url="http://127.0.0.1:1/x.asmx",
            settings=pe_settings,
            attendances=attendances(1),
            binding="get",
        )


def test_the_form_field_is_sxml(pe_online, pe_settings, attendances):
    server = pe_online()

    entry_send(url=server.url, settings=pe_settings, attendances=attendances(1))

    assert server.received[0].entry.startswith("<?xml")
    assert urllib.parse.quote("<Entry>") not in server.received[0].entry

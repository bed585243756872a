"""Post one Entry to PE-online and say what happened, as one of three outcomes.

- `ANSWERED`: PE-online read the call; `SendResult.summary` says per row whether
  it was accepted or rejected.
- `RETRY`: the call may not have reached PE-online or it failed on their side (no
  connection, timeout, HTTP 5xx, 408 or 429). Sending the same rows again is safe:
  PE-online writes (person, course, module, endDate) once.
- `FAILED`: an answer we cannot use (not a Summary, rows we did not send, an HTTP
  error other than the above, or PE-online refusing the whole call: wrong key,
  invalid structure). Sending again will not help until someone looks at
  `response_body`.

Two of the documented bindings: HTTP POST (`<url>/ProcessXML` with the form field
`sXML`, the default) and SOAP 1.1 (`ProcessXML` in an envelope posted to `<url>`
with its SOAPAction; the answer's `ProcessXMLResult` holds the Summary). The stored
request is the Entry with the key replaced (`entry_redact`).
"""

from __future__ import annotations

import enum
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from registers.peonline.entry import Attendance, Settings, entry_build, entry_redact
from registers.peonline.summary import Summary, SummaryError, summary_parse

DEFAULT_TIMEOUT = 30.0  # seconds, per connect and per read
# A Summary of 100 rows is about 20 kB; anything far larger is not one.
MAX_RESPONSE_BYTES = 1_000_000
RETRY_STATUSES = frozenset({408, 429})
BINDINGS = ("post", "soap")
# From the service's WSDL (Xaurum's description, chapter 2).
SOAP_NAMESPACE = (
    "https://www.pe-online.org/pe-services/PE_AttendanceElearning/WriteAttendance"
)
SOAP_ACTION = f"{SOAP_NAMESPACE}/ProcessXML"
SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"


class Outcome(enum.StrEnum):
    ANSWERED = "answered"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    request_body: str  # the Entry, key redacted
    http_status: int | None = None
    response_body: str = ""
    summary: Summary | None = None
    error: str = ""


def _checked(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"PE-online's URL must be http(s), not {url!r}.")
    return url.rstrip("/")


def service_url(url: str) -> str:
    """The `.asmx` address (SOAP posts there), also when configured with
    /ProcessXML; only http(s)."""
    return _checked(url).removesuffix("/ProcessXML")


def process_xml_url(url: str) -> str:
    """The HTTP POST address of ProcessXML for a configured service URL (the
    `.asmx` address, or already ending in /ProcessXML); only http(s)."""
    return f"{service_url(url)}/ProcessXML"


def soap_envelope(document: bytes) -> bytes:
    """ProcessXML(sXML=document) as a SOAP 1.1 request body."""
    envelope = etree.Element(
        f"{{{SOAP_ENVELOPE}}}Envelope", nsmap={"soap": SOAP_ENVELOPE}
    )
    body = etree.SubElement(envelope, f"{{{SOAP_ENVELOPE}}}Body")
    call = etree.SubElement(
        body, f"{{{SOAP_NAMESPACE}}}ProcessXML", nsmap={None: SOAP_NAMESPACE}
    )
    etree.SubElement(call, f"{{{SOAP_NAMESPACE}}}sXML").text = document.decode("utf-8")
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _request(url: str, document: bytes, binding: str) -> urllib.request.Request:
    if binding == "soap":
        return urllib.request.Request(  # noqa: S310 (the URL is our setting)
            service_url(url),
            data=soap_envelope(document),
            method="POST",
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": f'"{SOAP_ACTION}"',
            },
        )
    if binding != "post":
        raise ValueError(f"binding must be one of {BINDINGS}, not {binding!r}.")
    data = urllib.parse.urlencode({"sXML": document.decode("utf-8")}).encode("ascii")
    return urllib.request.Request(  # noqa: S310 (the URL is our setting)
        process_xml_url(url),
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "text/xml, application/xml",
        },
    )


def _decode(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def entry_send(
    *,
    url: str,
    settings: Settings,
    attendances: Sequence[Attendance],
    timeout: float = DEFAULT_TIMEOUT,
    binding: str = "post",
) -> SendResult:
    """Build the Entry for `attendances` (raises `EntryError` when they cannot be
    one call), post it and classify the answer. Never raises for what the network
    or PE-online does."""
    document = entry_build(settings=settings, attendances=attendances)
    stored = entry_redact(document)
    request = _request(url, document, binding)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        try:
            body = error.read(MAX_RESPONSE_BYTES)
        except (OSError, ValueError):
            body = b""
        retry = error.code >= 500 or error.code in RETRY_STATUSES
        return SendResult(
            Outcome.RETRY if retry else Outcome.FAILED,
            stored,
            http_status=error.code,
            response_body=_decode(body),
            error=f"HTTP {error.code} {error.reason}",
        )
    except TimeoutError as error:
        return SendResult(Outcome.RETRY, stored, error=f"Timeout: {error}")
    except (OSError, http.client.HTTPException) as error:
        # URLError is an OSError; a timeout while connecting arrives inside one.
        reason = getattr(error, "reason", error)
        kind = "Timeout" if isinstance(reason, TimeoutError) else "No answer"
        return SendResult(Outcome.RETRY, stored, error=f"{kind}: {reason}")
    if len(body) > MAX_RESPONSE_BYTES:
        return SendResult(
            Outcome.FAILED,
            stored,
            http_status=status,
            response_body=_decode(body[:MAX_RESPONSE_BYTES]),
            error=f"The answer is larger than {MAX_RESPONSE_BYTES} bytes.",
        )
    text = _decode(body)
    try:
        summary = summary_parse(body, sent=attendances)
    except SummaryError as error:
        return SendResult(
            Outcome.FAILED,
            stored,
            http_status=status,
            response_body=text,
            error=str(error),
        )
    if summary.call_errors:
        return SendResult(
            Outcome.FAILED,
            stored,
            http_status=status,
            response_body=text,
            summary=summary,
            error="PE-online refused the call: "
            + "; ".join(
                f"{e.error_number} {e.error_message}" for e in summary.call_errors
            ),
        )
    return SendResult(
        Outcome.ANSWERED,
        stored,
        http_status=status,
        response_body=text,
        summary=summary,
    )

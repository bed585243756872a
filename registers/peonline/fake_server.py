"""A local stand-in for PE-online's ProcessXML, for tests and the benchmark.

It listens on 127.0.0.1 on a free port, takes the HTTP POST binding (form field
`sXML`) and SOAP 1.1 (answering in an envelope), checks every Entry against
`entry.xsd`, keeps what it received, and answers with a Summary in the shape Xaurum
documents: an `Error` per rejected row (numbered from `FIRST_ROW`, like the
service), an `Accepted` per other row, with the date written the .NET way (seven
decimals). A list of `Reply` scripts the next calls: a status, a body, a delay
(for timeouts). Never used by the application itself.
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from lxml import etree

from registers.peonline.client import SOAP_ENVELOPE, SOAP_NAMESPACE
from registers.peonline.entry import EntryError, entry_validate
from registers.peonline.summary import FIRST_ROW

ATTENDANCE_FIELDS = (
    "PECourseID",
    "externalCourseID",
    "externalPersonID",
    "PEModuleID",
    "externalmoduleID",
    "endDate",
)


@dataclass(frozen=True)
class Reply:
    """What to answer to one call: `body` None means a Summary of what was sent."""

    status: int = 200
    body: str | None = None
    delay: float = 0.0  # seconds before answering


@dataclass
class Received:
    path: str
    content_type: str
    entry: str  # the sXML field
    schema_error: str  # "" when the Entry validates against entry.xsd
    rows: list[dict[str, str]] = field(default_factory=list)
    binding: str = "post"  # or "soap"
    soap_action: str = ""


# Given a row (its fields) and its 0-based index, an error message or None.
Rejecter = Callable[[dict[str, str], int], str | None]


def _course(row: dict[str, str]) -> str:
    return row.get("PECourseID") or row.get("externalCourseID", "")


def _dotnet_date(text: str) -> str:
    """2026-12-06T17:05:00+01:00 -> 2026-12-06T17:05:00.0000000+01:00"""
    for sign in ("+", "-", "Z"):
        cut = text.rfind(sign)
        if cut > 10:
            return f"{text[:cut]}.0000000{text[cut:]}"
    return text


def summary_xml(rows: list[dict[str, str]], rejecter: Rejecter | None = None) -> str:
    """A Summary of `rows` as PE-online writes it; `rejecter` picks rejected rows."""
    errors, accepted = [], []
    for index, row in enumerate(rows):
        message = rejecter(row, index) if rejecter else None
        if message is None:
            accepted.append(
                "<Accepted>"
                f"<person>{escape(row.get('externalPersonID', ''))}</person>"
                f"<course>{escape(_course(row))}</course>"
                f"<date>{escape(_dotnet_date(row.get('endDate', '')))}</date>"
                "</Accepted>"
            )
        else:
            text = message.format(course=_course(row), row=index + FIRST_ROW)
            errors.append(
                f"<Error><errorNR>100</errorNR><errorMsg>{escape(text)}</errorMsg></Error>"
            )
    return (
        '<?xml version="1.0" standalone="yes"?>\n<Summary><Results>'
        f"<rejected_rows>{len(errors)}</rejected_rows>"
        f"<accepted_rows>{len(accepted)}</accepted_rows>"
        f"<total_rows>{len(rows)}</total_rows>"
        f"</Results>{''.join(errors)}{''.join(accepted)}</Summary>"
    )


def call_error_xml(number: str, message: str) -> str:
    """A Summary refusing the whole call (400 wrong key, 505 invalid structure)."""
    return (
        '<?xml version="1.0" standalone="yes"?>\n<Summary><Results>'
        "<rejected_rows>0</rejected_rows><accepted_rows>0</accepted_rows>"
        "<total_rows>0</total_rows></Results>"
        f"<Error><errorNR>{escape(number)}</errorNR>"
        f"<errorMsg>{escape(message)}</errorMsg></Error></Summary>"
    )


def soap_sxml(body: bytes) -> str:
    """The sXML argument of a SOAP ProcessXML request ("" when there is none)."""
    try:
        root = etree.fromstring(
            body, etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError:
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "sXML":
            return element.text or ""
    return ""


def soap_answer(summary: str) -> str:
    """A Summary as the service's SOAP answer: inside ProcessXMLResult."""
    inner = summary.split("?>", 1)[-1].strip()
    return (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap='
        f'"{SOAP_ENVELOPE}"><soap:Body><ProcessXMLResponse xmlns="{SOAP_NAMESPACE}">'
        f"<ProcessXMLResult>{inner}</ProcessXMLResult></ProcessXMLResponse>"
        "</soap:Body></soap:Envelope>"
    )


def entry_rows(entry: str) -> list[dict[str, str]]:
    root = etree.fromstring(
        entry.encode(), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    return [
        {
            name: (node.findtext(name) or "").strip()
            for name in ATTENDANCE_FIELDS
            if node.find(name) is not None
        }
        for node in root.iter("Attendance")
    ]


class FakePEOnline:
    """Use as a context manager; `url` is the service address to configure.

    `replies` scripts the next calls in order, then every call is answered with a
    Summary in which `rejecter` decides the rejected rows. `keep_entries=False`
    keeps only the count of received calls (the benchmark's 10,000 rows).
    """

    def __init__(
        self,
        *,
        replies: list[Reply] | None = None,
        rejecter: Rejecter | None = None,
        keep_entries: bool = True,
    ):
        self.replies = collections.deque(replies or [])
        self.rejecter = rejecter
        self.keep_entries = keep_entries
        self.received: list[Received] = []
        self.calls = 0
        self.schema_errors = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/pe-services/pe-attendanceelearning/WriteAttendance.asmx"

    def __enter__(self) -> FakePEOnline:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Headers and body in one write: two small writes meet Nagle's
            # algorithm and the client's delayed ACK (40 ms a call).
            wbufsize = 1 << 16

            def log_message(self, format, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                soap = self.headers.get("Content-Type", "").startswith("text/xml")
                if soap:
                    entry = soap_sxml(raw)
                else:
                    form = urllib.parse.parse_qs(raw.decode())
                    entry = (form.get("sXML") or [""])[0]
                reply = fake._next(self.path, self.headers, entry, soap=soap)
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.body.encode() if reply.body is not None else b""
                if reply.body is None:
                    answer = summary_xml(entry_rows(entry), fake.rejecter)
                    data = (soap_answer(answer) if soap else answer).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "text/xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, path: str, headers, entry: str, *, soap: bool) -> Reply:
        try:
            entry_validate(entry)
            schema_error = ""
        except EntryError as error:
            schema_error = str(error)
        with self._lock:
            self.calls += 1
            self.schema_errors += bool(schema_error)
            if self.keep_entries:
                self.received.append(
                    Received(
                        path=path,
                        content_type=headers.get("Content-Type", ""),
                        entry=entry,
                        schema_error=schema_error,
                        rows=entry_rows(entry) if not schema_error else [],
                        binding="soap" if soap else "post",
                        soap_action=headers.get("SOAPAction", ""),
                    )
                )
            return self.replies.popleft() if self.replies else Reply()

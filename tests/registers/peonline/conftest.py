"""A local PE-online for the client tests: every Entry it receives must validate
against our schema and arrive the documented way (HTTP POST of sXML to
.../ProcessXML, or SOAP 1.1 to the .asmx with its SOAPAction), whatever the
test is about."""

import datetime

import pytest

from registers.peonline.client import SOAP_ACTION
from registers.peonline.entry import Attendance, Settings
from registers.peonline.fake_server import FakePEOnline

AMSTERDAM_WINTER = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def pe_settings():
    return Settings(user_id="4711", user_key="geheim", org_id=19)


@pytest.fixture
def attendances():
    def make(count: int = 3) -> list[Attendance]:
        return [
            Attendance(
                external_person_id=f"{39054148101 + i}",
                pe_course_id=9471,
                end_date=datetime.datetime(
                    2026, 12, 6, 9, 0, i % 60, tzinfo=AMSTERDAM_WINTER
                ),
                org_id=19,
            )
            for i in range(count)
        ]

    return make


@pytest.fixture
def pe_online():
    servers = []

    def start(**kwargs) -> FakePEOnline:
        server = FakePEOnline(**kwargs).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
        for received in server.received:
            assert received.schema_error == ""
            if received.binding == "soap":
                assert received.path.endswith("/WriteAttendance.asmx")
                assert received.content_type.startswith("text/xml")
                assert received.soap_action == f'"{SOAP_ACTION}"'
            else:
                assert received.path.endswith("/WriteAttendance.asmx/ProcessXML")
                assert received.content_type.startswith(
                    "application/x-www-form-urlencoded"
                )

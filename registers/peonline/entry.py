"""The `Entry` request document: settings of the provider's account and one
`Attendance` per participant and e-learning course (or module).

The limits PE-online documents are enforced here rather than discovered as a
rejected batch: at most 100 attendances and one organisation (`orgID`) per call,
a course id (PE-online's or ours), a registration number and an end date with its
offset on every row. A built document is checked against `entry.xsd` before it is
returned, so nothing that fails our schema leaves the process.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MAX_ATTENDANCES = 100
SCHEMA_PATH = Path(__file__).with_name("entry.xsd")
# PE-online's language ids (for its messages): 1 Dutch, 3 French, 6 English.
LANGUAGES = (1, 3, 6)


class EntryError(ValueError):
    """The attendances cannot be sent as one Entry (the message says why)."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The provider's account at PE-online and the register (organisation) written to.

    `user_id` and `user_key` are bought from Xaurum; `org_id` is PE-online's number
    of the organisation (19 KNMG/GAIA, 52 V&V, ...). `setting_output` asks PE-online
    to email an error report to `email_output` as well.
    """

    user_id: str
    user_key: str
    org_id: int
    user_role: str = "EDU"
    setting_output: bool = False
    email_output: str = ""
    language_id: int = 1

    def __post_init__(self):
        if not str(self.user_id).strip() or not str(self.user_key).strip():
            raise EntryError("PE-online needs a user id and a key.")
        if not isinstance(self.org_id, int) or self.org_id <= 0:
            raise EntryError(f"orgID must be a positive number, not {self.org_id!r}.")
        if self.language_id not in LANGUAGES:
            raise EntryError(f"languageID must be one of {LANGUAGES}.")
        if self.setting_output and not self.email_output.strip():
            raise EntryError("An emailed error report needs an address.")


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """One completed e-learning course (or module) of one professional.

    Exactly one of `pe_course_id` (PE-online's course number) and
    `external_course_id` (our code, entered at PE-online as the course's internal
    code); at most one of `pe_module_id` and `external_module_id`, for a course
    accredited in parts. `external_person_id` is the registration number (a BIG
    number for GAIA). `end_date` must be aware: it is sent with its offset, and it is
    the date the professional sees in their file. `org_id`, when given, must be the
    organisation of the Entry it goes into.
    """

    external_person_id: str
    end_date: datetime.datetime
    pe_course_id: int | None = None
    external_course_id: str = ""
    pe_module_id: int | None = None
    external_module_id: str = ""
    org_id: int | None = None

    def __post_init__(self):
        if not self.external_person_id.strip():
            raise EntryError("An attendance needs the professional's number.")
        if (self.pe_course_id is None) == (not self.external_course_id.strip()):
            raise EntryError(
                "An attendance needs exactly one of PECourseID and externalCourseID."
            )
        if self.pe_module_id is not None and self.external_module_id.strip():
            raise EntryError(
                "An attendance takes at most one of PEModuleID and externalmoduleID."
            )
        for name in ("pe_course_id", "pe_module_id"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise EntryError(f"{name} must be a positive number, not {value!r}.")
        if self.end_date.utcoffset() is None:
            raise EntryError("endDate must be an aware date-time (with its offset).")

    @property
    def course(self) -> str:
        """The course id as sent (PE-online's number or ours)."""
        if self.pe_course_id is not None:
            return str(self.pe_course_id)
        return self.external_course_id.strip()

    @property
    def end_date_text(self) -> str:
        """ISO 8601 to the second with the offset, e.g. 2026-12-06T17:05:00+01:00.

        Whole seconds, so a row sent again is the same row on PE-online's side (it
        deduplicates on person, course, module and endDate).
        """
        return self.end_date.isoformat(timespec="seconds")


def _text(parent: etree._Element, tag: str, value: object) -> None:
    etree.SubElement(parent, tag).text = str(value)


def entry_build(*, settings: Settings, attendances: Iterable[Attendance]) -> bytes:
    """The Entry document (UTF-8 bytes) for 1 to 100 attendances of one organisation.

    Raises `EntryError` for none or more than 100 attendances, an attendance of
    another organisation, or a document that does not validate against `entry.xsd`.
    """
    root = etree.Element("Entry")
    node = etree.SubElement(root, "Settings")
    _text(node, "userID", settings.user_id)
    _text(node, "userRole", settings.user_role)
    _text(node, "userKey", settings.user_key)
    _text(node, "orgID", settings.org_id)
    _text(node, "settingOutput", int(settings.setting_output))
    _text(node, "emailOutput", settings.email_output)
    _text(node, "languageID", settings.language_id)
    _text(node, "defaultLanguageID", settings.language_id)
    count = 0
    for attendance in attendances:
        count += 1
        if count > MAX_ATTENDANCES:
            raise EntryError(
                f"PE-online takes at most {MAX_ATTENDANCES} attendances per call."
            )
        if attendance.org_id is not None and attendance.org_id != settings.org_id:
            raise EntryError(
                f"Attendance {count} is for orgID {attendance.org_id}, the Entry for "
                f"{settings.org_id}: PE-online takes one organisation per call."
            )
        row = etree.SubElement(root, "Attendance")
        if attendance.pe_course_id is not None:
            _text(row, "PECourseID", attendance.pe_course_id)
        else:
            _text(row, "externalCourseID", attendance.course)
        _text(row, "externalPersonID", attendance.external_person_id.strip())
        if attendance.pe_module_id is not None:
            _text(row, "PEModuleID", attendance.pe_module_id)
        elif attendance.external_module_id.strip():
            _text(row, "externalmoduleID", attendance.external_module_id.strip())
        _text(row, "endDate", attendance.end_date_text)
    if count == 0:
        raise EntryError("An Entry needs at least one attendance.")
    document = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    entry_validate(document)
    return document


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def entry_validate(document: bytes | str) -> None:
    """Raise `EntryError` unless `document` is an Entry that `entry.xsd` accepts and
    whose two language ids agree (the one rule the schema cannot say)."""
    if isinstance(document, str):
        document = document.encode()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as error:
        raise EntryError(f"Not XML: {error}") from error
    schema = _schema()
    if not schema.validate(root):
        error = schema.error_log.last_error
        raise EntryError(f"Entry does not match entry.xsd: {error}")
    settings = root.find("Settings")
    if settings.findtext("languageID") != settings.findtext("defaultLanguageID"):
        raise EntryError("languageID and defaultLanguageID must be the same.")


def entry_redact(document: bytes) -> str:
    """The document as text with the userKey replaced, for storing and logging."""
    root = etree.fromstring(
        document, etree.XMLParser(resolve_entities=False, no_network=True)
    )
    for key in root.iter("userKey"):
        key.text = "***"
    return etree.tostring(root, xml_declaration=True, encoding="utf-8").decode()

"""The `Summary` answer: which of the rows we sent PE-online accepted, and why it
rejected the others.

The answer has `Results` (rejected_rows, accepted_rows, total_rows), an `Error`
(errorNR, errorMsg) per problem and an `Accepted` (person, course, date) per row
written. A rejected row is named only inside the message ("Cursus 9471 op regel 2
..."); Xaurum's description numbers the first Attendance as row 2 (its example
rejects the first of three rows as "regel 2"), so row n is attendance n - 2 here,
and the course the message names must be that row's course. An accepted row is
found back by person, course and end date (or by person and course alone when
only one open row has them).

An error without a row (errorNR 400: wrong key; 505: invalid XML structure) is about
the whole call: nothing was written, and `Summary.call_errors` holds it.

`SummaryError` is raised for a body that is not XML, not a Summary, names a row we
did not send, or leaves a sent row unaccounted for: the caller keeps the body and
treats the call as failed, never guessing which rows went through.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from registers.peonline.entry import Attendance

# Xaurum's example rejects the first Attendance as "regel 2".
FIRST_ROW = 2
# Dutch (languageID 1) and English wording of the row in a message.
ROW_RE = re.compile(r"\b(?:regel|row)\s+(\d+)\b", re.IGNORECASE)
COURSE_RE = re.compile(r"\b(?:cursus|course)\s+(?!op\b|on\b)(\S+?)[\s;,]", re.I)


class SummaryError(ValueError):
    """The answer cannot be read as a Summary of the rows we sent."""


@dataclass(frozen=True)
class RowAccepted:
    index: int  # 0-based position of the attendance in the Entry
    person: str
    course: str
    date: str  # as PE-online wrote it


@dataclass(frozen=True)
class RowRejected:
    index: int  # 0-based position of the attendance in the Entry
    error_number: str
    error_message: str


@dataclass(frozen=True)
class CallError:
    error_number: str
    error_message: str


@dataclass(frozen=True)
class Summary:
    accepted: tuple[RowAccepted, ...]
    rejected: tuple[RowRejected, ...]
    call_errors: tuple[CallError, ...]  # errors not about one row: nothing written


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _find_summary(body: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise SummaryError(f"The answer is not XML ({error}).") from error
    if _local(root.tag) == "Summary":
        return root
    # A wrapper (a SOAP envelope, ProcessXMLResult) around it, or the Summary as
    # escaped text inside a <string> element.
    found = [el for el in root.iter() if _local(el.tag) == "Summary"]
    if len(found) == 1:
        return found[0]
    inner = (root.text or "").strip()
    if not found and inner.startswith("<") and len(root) == 0:
        return _find_summary(inner.encode())
    raise SummaryError(
        f"The answer is XML but not one Summary (root <{_local(root.tag)}>)."
    )


def _child(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _count(results: etree._Element | None, name: str) -> int | None:
    if results is None:
        return None
    text = _child(results, name)
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise SummaryError(f"{name} is not a number: {text!r}.") from error


def _parse_date(text: str) -> datetime.datetime | None:
    # PE-online writes seven decimals (.NET); Python 3.11 reads any number.
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.utcoffset() is not None else None


def _same_instant(text: str, sent: datetime.datetime) -> bool:
    value = _parse_date(text)
    if value is None:
        return False
    return value.replace(microsecond=0) == sent.replace(microsecond=0)


def summary_parse(body: bytes | str, *, sent: Sequence[Attendance]) -> Summary:
    """Read PE-online's answer to the Entry of `sent` (in the order sent).

    Raises `SummaryError` when the body is not XML or not a Summary, when it names
    a row or an accepted attendance we did not send, when its counts disagree with
    its rows, or when a row we sent is neither accepted nor rejected (and the call
    as a whole was not refused).
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    summary = _find_summary(body)
    results = next((el for el in summary if _local(el.tag) == "Results"), None)

    rejected: dict[int, list[tuple[str, str]]] = {}
    call_errors: list[CallError] = []
    for error in (el for el in summary if _local(el.tag) == "Error"):
        number, message = _child(error, "errorNR"), _child(error, "errorMsg")
        message = " ".join(message.split())
        match = ROW_RE.search(message)
        if match is None:
            call_errors.append(CallError(number, message))
            continue
        row = int(match.group(1))
        index = row - FIRST_ROW
        if not 0 <= index < len(sent):
            raise SummaryError(
                f"An error names row {row}; we sent {len(sent)} rows "
                f"(rows {FIRST_ROW} to {FIRST_ROW + len(sent) - 1})."
            )
        course = COURSE_RE.search(message)
        # A row sent by our code may be named by PE-online's own number.
        checkable = sent[index].pe_course_id is not None
        if checkable and course and course.group(1) != sent[index].course:
            raise SummaryError(
                f"An error names course {course.group(1)} on row {row}; "
                f"we sent course {sent[index].course} there."
            )
        rejected.setdefault(index, []).append((number, message))

    accepted: list[RowAccepted] = []
    taken = set(rejected)
    for element in (el for el in summary if _local(el.tag) == "Accepted"):
        person = _child(element, "person")
        course = _child(element, "course")
        date = _child(element, "date")
        same_person = [
            i
            for i, attendance in enumerate(sent)
            if i not in taken and attendance.external_person_id.strip() == person
        ]
        by_date = [i for i in same_person if _same_instant(date, sent[i].end_date)]
        by_course = [i for i in same_person if sent[i].course == course]
        both = [i for i in by_date if i in by_course]
        if both:
            index = both[0]
        elif len(by_date) == 1 and sent[by_date[0]].pe_course_id is None:
            # PE-online may name its own number for a course we sent by our code.
            index = by_date[0]
        elif len(by_course) == 1:
            # one row of this person and course: the date may be written otherwise
            index = by_course[0]
        else:
            raise SummaryError(
                f"Accepted person {person}, course {course}, date {date}: "
                "not a row we sent (or accepted twice)."
            )
        taken.add(index)
        accepted.append(RowAccepted(index, person, course, date))

    if call_errors and not accepted and not rejected:
        return Summary((), (), tuple(call_errors))
    if call_errors:
        raise SummaryError(
            "The answer refuses the call and names rows at the same time."
        )
    total = _count(results, "total_rows")
    if total is not None and total != len(sent):
        raise SummaryError(f"total_rows is {total}; we sent {len(sent)} rows.")
    counts = (("accepted_rows", len(accepted)), ("rejected_rows", len(rejected)))
    for name, found in counts:
        expected = _count(results, name)
        if expected is not None and expected != found:
            raise SummaryError(f"{name} is {expected}, but {found} rows are listed.")
    missing = [i for i in range(len(sent)) if i not in taken]
    if missing:
        rows = ", ".join(str(i + FIRST_ROW) for i in missing[:10])
        raise SummaryError(f"Rows {rows} are neither accepted nor rejected.")
    return Summary(
        accepted=tuple(sorted(accepted, key=lambda row: row.index)),
        rejected=tuple(
            RowRejected(
                index,
                " / ".join(dict.fromkeys(n for n, _ in errors)),
                " / ".join(m for _, m in errors),
            )
            for index, errors in sorted(rejected.items())
        ),
        call_errors=(),
    )

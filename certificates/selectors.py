"""Reads of certificates, shaped for their pages with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from certificates.models import Certificate, ContentUpdateNotice
from certificates.models.certificate import code_normalise
from certificates.status import StatusView, open_notices, status_of, status_view
from certificates.validity import Status
from courses.models import Enrolment, LessonCompletion
from training.models import User


def _with_notices(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return queryset.prefetch_related(
        Prefetch(
            "content_notices",
            queryset=ContentUpdateNotice.objects.select_related(
                "change", "change__page"
            ),
        )
    )


def certificate_get_for_verification(*, code: str) -> Certificate | None:
    """What the public verification page shows: the certificate's own fields and
    its content-update notices with their change (no course page: the page shows
    the course title stored on the certificate). None when malformed or unknown."""
    normalised = code_normalise(code)
    if normalised is None:
        return None
    notices = ContentUpdateNotice.objects.select_related("change")
    return (
        Certificate.objects.filter(code=normalised)
        .prefetch_related(Prefetch("content_notices", queryset=notices))
        .first()
    )


def certificate_get_for_holder(*, user: User, code: str) -> Certificate | None:
    """Only the holder's own certificate: anyone else's is "not found"."""
    normalised = code_normalise(code)
    if normalised is None or not user.is_authenticated:
        return None
    return (
        _with_notices(Certificate.objects.select_related("course", "template"))
        .filter(code=normalised, user=user)
        .first()
    )


def certificate_list_for_holder(*, user: User) -> QuerySet[Certificate]:
    """Every certificate of `user` across cycles, newest first."""
    return _with_notices(
        Certificate.objects.filter(user=user).select_related("course")
    ).order_by("course_title", "-cycle")


# Apps above register fn(*, user, certificates) -> {certificate id: [remark]}, a
# remark having ``text`` and ``url`` (may be empty): lines under a certificate on
# the holder's page (registers: "Punten aangemeld bij GAIA op ...").
REMARKS_HOOK = "bijblijven_certificate_remarks"


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    status: StatusView
    notices: list = field(default_factory=list)  # open content-update notices
    # the holder has started the next cycle of this course: renewal is under way
    renewal_started: bool = False
    remarks: tuple = ()  # from REMARKS_HOOK


def certificate_rows_with_remarks(
    *, rows: list[CertificateRow], user: User
) -> list[CertificateRow]:
    """``rows`` with the remarks the apps above offer (`REMARKS_HOOK`)."""
    from wagtail import hooks

    certificates = [row.certificate for row in rows]
    remarks: dict[int, list] = {}
    for hook in hooks.get_hooks(REMARKS_HOOK):
        for pk, lines in hook(user=user, certificates=certificates).items():
            remarks.setdefault(pk, []).extend(lines)
    return [
        replace(row, remarks=tuple(remarks.get(row.certificate.pk, ()))) for row in rows
    ]


def certificate_rows(*, certificates, today: date) -> list[CertificateRow]:
    return [
        CertificateRow(
            certificate=certificate,
            status=status_view(status_of(certificate=certificate, today=today)),
            notices=open_notices(certificate),
        )
        for certificate in certificates
    ]


@dataclass(frozen=True)
class HolderOverview:
    """A learner's current certificate per course, grouped for "Mijn leeromgeving"."""

    current: list[CertificateRow]
    expiring: list[CertificateRow]
    expired: list[CertificateRow]
    updates: list[CertificateRow]
    total: int


def holder_overview(*, user: User, today: date) -> HolderOverview:
    """Two queries: the certificates, each with the cycle the holder's enrolment
    in its course is at (a renewal under way), and their content notices."""
    enrolled_cycle = Enrolment.objects.filter(
        user=user, course_id=OuterRef("course_id")
    ).values("cycle")[:1]
    certificates = list(
        certificate_list_for_holder(user=user).annotate(
            enrolled_cycle=Subquery(enrolled_cycle)
        )
    )
    latest: dict[int, Certificate] = {}
    for certificate in certificates:
        known = latest.get(certificate.course_id)
        if known is None or certificate.cycle > known.cycle:
            latest[certificate.course_id] = certificate
    rows = [
        replace(
            row,
            renewal_started=(row.certificate.enrolled_cycle or 0)
            > row.certificate.cycle,
        )
        for row in certificate_rows(
            certificates=sorted(latest.values(), key=lambda c: c.course_title),
            today=today,
        )
    ]
    return HolderOverview(
        current=rows,
        expiring=[r for r in rows if r.status.status == Status.EXPIRING],
        expired=[r for r in rows if r.status.status == Status.EXPIRED],
        updates=[
            r
            for r in rows
            if r.notices
            and r.status.status in (Status.CONTENT_UPDATED, Status.UPDATE_OVERDUE)
        ],
        total=len(certificates),
    )


def certificate_list_for_admin(*, query: str = "") -> QuerySet[Certificate]:
    certificates = _with_notices(
        Certificate.objects.select_related("course", "user")
    ).order_by("-issued_at", "-pk")
    query = query.strip()
    if query:
        code = code_normalise(query)
        condition = Q(holder_name__icontains=query) | Q(course_title__icontains=query)
        condition |= Q(user__email__iexact=query)
        if code:
            condition |= Q(code=code)
        certificates = certificates.filter(condition)
    return certificates


def enrolments_without_certificate() -> QuerySet[Enrolment]:
    """Enrolments whose current cycle has a lesson done or a quiz or scenario passed
    but no certificate: the candidates for a lost issue (completion still has to be
    checked). A scenario pass counts in any course, a cheap superset."""
    from assessments.models import Attempt
    from assessments.scenarios.models import ScenarioAttempt

    same_cycle = {
        "user": OuterRef("user_id"),
        "cycle": OuterRef("cycle"),
    }
    return (
        Enrolment.objects.filter(
            ~Exists(
                Certificate.objects.filter(course=OuterRef("course_id"), **same_cycle)
            )
        )
        .filter(
            Exists(
                LessonCompletion.objects.filter(
                    course=OuterRef("course_id"), **same_cycle
                )
            )
            | Exists(
                Attempt.objects.filter(
                    course=OuterRef("course_id"), passed=True, **same_cycle
                )
            )
            | Exists(ScenarioAttempt.objects.filter(passed=True, **same_cycle))
        )
        .select_related("user", "course")
        .order_by("pk")
    )


def outstanding_work_summary(*, now) -> list[str]:
    """Certificates owed and PDFs missing, as sentences for "Achtergrondwerk"."""
    from certificates.models import IssueRequest
    from certificates.services.issue_requests import SWEEP_GRACE
    from certificates.services.render_missing import RENDER_GRACE

    lines = []
    owed = IssueRequest.objects.filter(
        Q(attempts__gt=0) | Q(created_at__lte=now - SWEEP_GRACE)
    )
    count = owed.count()
    if count:
        oldest = owed.order_by("created_at").first()
        failed = owed.exclude(last_error="").order_by("-pk").first()
        line = ngettext(
            "%(count)s voortgangsmelding wacht nog op de controle of er een "
            "certificaat uitgegeven moet worden (de oudste van %(since)s).",
            "%(count)s voortgangsmeldingen wachten nog op de controle of er een "
            "certificaat uitgegeven moet worden (de oudste van %(since)s).",
            count,
        ) % {
            "count": count,
            "since": date_format(localtime(oldest.created_at), "j F H:i"),
        }
        if failed is not None:
            line += " " + gettext("Laatste fout: %(error)s") % {
                "error": failed.last_error
            }
        lines.append(line)
    unrendered = Certificate.objects.filter(
        pdf="", issued_at__lte=now - RENDER_GRACE
    ).count()
    if unrendered:
        lines.append(
            ngettext(
                "%(count)s certificaat heeft nog geen PDF.",
                "%(count)s certificaten hebben nog geen PDF.",
                unrendered,
            )
            % {"count": unrendered}
        )
    return lines

"""The monthly report PDF: what it holds (the trend's charts as tagged figures
with their numbers, who is overdue, the signals not yet read by everyone),
checked with pikepdf and poppler as certificate PDFs are (PDF/A-3b, tagged,
title and language, fonts embedded), and who may download it."""

import datetime
import io
import shutil
import subprocess

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.compliance import CellStatus
from organisations.report_pdf import report_pdf
from organisations.selectors.report import monthly_report_get
from signalling.models import Signal
from signalling.services import signal_acknowledge, signal_deliver
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import (
    MembershipFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory
from training.models import User

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def member(organisation, *, last_name, joined=-400, team=None):
    return MembershipFactory(
        organisation=organisation,
        start_date=days(joined),
        team=team,
        user=UserFactory(first_name="Sam", last_name=last_name),
    ).user


@pytest.fixture
def staff(organisation, course_tree, manager):
    """Valid (Bakker, Smit), expired (Visser), overdue without certificate
    (Mulder, joined 400 days ago with 30 days to train); a signal reaches the
    holders of a valid certificate, and Bakker read it."""
    course = course_tree.course
    requirement_create(organisation, course, due_within_days=30)
    team = TeamFactory(organisation=organisation, name="Avonddienst")
    valid = member(organisation, last_name="Bakker", team=team)
    CertificateFactory(
        user=valid, course=course, issued_on=days(-100), valid_until=days(300)
    )
    unread = member(organisation, last_name="Smit")
    CertificateFactory(
        user=unread, course=course, issued_on=days(-100), valid_until=days(300)
    )
    expired = member(organisation, last_name="Visser", team=team)
    CertificateFactory(
        user=expired, course=course, issued_on=days(-390), valid_until=days(-20)
    )
    member(organisation, last_name="Mulder")
    signal = signal_create(courses=[course], title="3-MMC staat op lijst I")
    signal_deliver(signal_id=signal.pk)
    signal_acknowledge(signal=signal, user=valid)
    return course


def _report(organisation):
    return monthly_report_get(organisation=organisation, today=timezone.localdate())


def test_the_report_lists_the_overdue_and_the_expired_and_who_has_not_read_a_signal(
    organisation, staff
):
    report = _report(organisation)
    overdue = {(line.name, line.status, line.team) for line in report.overdue}
    assert overdue == {
        ("Sam Mulder", CellStatus.TE_LAAT, ""),
        ("Sam Visser", CellStatus.VERLOPEN, "Avonddienst"),
    }
    (signal,) = report.signals
    assert signal.column.title == "3-MMC staat op lijst I"
    assert [person.name for person in signal.unread] == ["Sam Smit"]
    assert not signal.unread[0].late
    assert signal.reached == 2


def test_a_signal_everyone_read_is_left_out(organisation, staff):
    assert len(_report(organisation).signals) == 1
    signal = Signal.objects.get(title="3-MMC staat op lijst I")
    signal_acknowledge(signal=signal, user=User.objects.get(last_name="Smit"))
    assert _report(organisation).signals == []


def _render(organisation, language="nl") -> bytes:
    return report_pdf(report=_report(organisation), language=language)


def _tool(name, package):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install {package}")
    return path


def _text(pdf_bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdftotext", "poppler-utils"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _struct_elements(pdf) -> list:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def test_the_report_pdf_is_pdfa_3b_tagged_with_title_and_language(
    organisation, staff, tmp_path
):
    pdf_bytes = _render(organisation)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        xmp = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert xmp["pdfaid:part"] == "3"
        assert xmp["pdfaid:conformance"] == "B"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert pdf.check_pdf_syntax() == []
        assert str(pdf.Root.Lang) == "nl"
        title = str(pdf.docinfo.Title)
        assert title.startswith(f"Maandrapport certificering {organisation.name}")
        assert xmp["dc:title"] == title
        assert pdf.Root.MarkInfo.Marked
        elements = _struct_elements(pdf)
        kinds = [str(element.S) for element in elements]
        # both share charts and the weeks chart are figures named by their title
        figures = [e for e in elements if e.S == "/Figure"]
        assert len(figures) == 3
        alts = sorted(str(figure.Alt) for figure in figures)
        assert alts == sorted(
            [
                "Alle verplichte trainingen: aandeel volledig geldig",
                "Testcursus: aandeel met geldig certificaat",
                "Certificaten die de komende 13 weken verlopen",
            ]
        )
        assert "/Table" in kinds
        assert "/TH" in kinds
        assert "/H1" in kinds
        # the charts are vector drawings, not pictures
        for page in pdf.pages:
            assert not page.get_images()


def test_the_report_pdf_embeds_every_font(organisation, staff, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_render(organisation))
    output = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdffonts", "poppler-utils"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    for row in rows:
        assert row.split()[-5] == "yes", row


def test_the_report_pdf_text_holds_the_figures_the_overdue_and_the_open_signal(
    organisation, staff, tmp_path
):
    text = _text(_render(organisation), tmp_path)
    # 2 of 5 (the manager is a member too) valid today
    assert "40% (2/5)" in text
    assert "Sam Mulder" in text
    assert "te laat" in text
    assert "Sam Visser" in text
    assert "verlopen" in text
    assert "3-MMC staat op lijst I" in text
    assert "1 van 2 nog niet gelezen" in text
    assert "Sam Smit" in text
    assert "Sam Bakker" not in text  # valid and read: nothing to report


def test_the_report_pdf_is_in_english_when_asked(organisation, staff, tmp_path):
    pdf_bytes = _render(organisation, language="en")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title).startswith("Monthly certification report")
    assert "Overdue or expired" in _text(pdf_bytes, tmp_path)


def report_url(organisation) -> str:
    return reverse("organisations:report", args=[organisation.pk])


def test_a_manager_downloads_the_report_from_the_trend_page(
    organisation, staff, manager_client
):
    page = manager_client.get(reverse("organisations:trend", args=[organisation.pk]))
    assert f'href="{report_url(organisation)}"' in page.content.decode()
    response = manager_client.get(report_url(organisation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")


def test_the_report_is_not_found_for_another_organisations_manager_or_a_learner(
    client, organisation, other_organisation, staff
):
    client.force_login(manager_create(other_organisation))
    assert client.get(report_url(organisation)).status_code == 404
    client.force_login(member(organisation, last_name="Leerling"))
    assert client.get(report_url(organisation)).status_code == 404
    client.logout()
    assert client.get(report_url(organisation)).status_code == 302


def test_todays_figures_agree_in_report_trend_dashboard_and_csv_on_the_demo(
    home_page,
):
    """One status function: on the demo organisations, today's share per course
    and all together, and who is overdue, are the same in the report, the trend,
    the dashboard and the CSV export's rows."""
    from collections import Counter

    from demo.accounts import demo_accounts_ensure
    from demo.loaders.organisations import organisations_load
    from organisations.exports import export_rows
    from organisations.labels import LABELS
    from organisations.models import Organisation
    from organisations.report_pdf import report_html
    from organisations.selectors.dashboard import Filters, dashboard_get
    from tests.factories.courses import course_tree_create

    course_tree_create(home_page, slug="3-mmc-en-nps", title="3-MMC en NPS")
    course_tree_create(home_page, slug="gespreksvaardigheden", title="Gesprekken")
    demo_accounts_ensure()
    organisations_load()
    today = timezone.localdate()
    valid_labels = {
        str(LABELS[CellStatus.GELDIG]),
        str(LABELS[CellStatus.VERLOOPT_BINNENKORT]),
    }
    overdue_labels = {str(LABELS[CellStatus.TE_LAAT]), str(LABELS[CellStatus.VERLOPEN])}
    checked = 0
    for organisation in Organisation.objects.all():
        report = monthly_report_get(organisation=organisation, today=today)
        board = dashboard_get(
            organisation=organisation, filters=Filters(), page_number=1, today=today
        )
        titles = [column.title for column in board.columns]
        rows = [
            row
            for row in list(
                export_rows(organisation=organisation, filters=Filters(), today=today)
            )[1:]
            if row[5] in titles
        ]
        html = report_html(report=report, language="nl")
        for title, series, total in zip(
            titles, report.trend.courses, board.totals, strict=True
        ):
            share = series.shares[-1]
            course_rows = [row for row in rows if row[5] == title]
            csv_valid = sum(row[6] in valid_labels for row in course_rows)
            dashboard_valid = total.get(CellStatus.GELDIG) + total.get(
                CellStatus.VERLOOPT_BINNENKORT
            )
            assert (share.valid, share.required) == (csv_valid, len(course_rows))
            assert (share.valid, share.required) == (dashboard_valid, total.required)
            if share.required:
                assert f"{share.percent}% ({share.valid}/{share.required})" in html
        people: dict[str, bool] = {}
        for row in rows:
            people[row[2]] = people.get(row[2], True) and row[6] in valid_labels
        overall = report.trend.overall.shares[-1]
        assert (overall.valid, overall.required) == (
            sum(people.values()),
            len(people),
        )
        assert Counter((line.name, line.course) for line in report.overdue) == Counter(
            (f"{row[1]} {row[0]}".strip() or row[2], row[5])
            for row in rows
            if row[6] in overdue_labels
        )
        checked += len(rows)
    assert checked > 0


def test_the_report_costs_the_same_queries_for_10_and_50_people(organisation, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organisations.models import Membership

    signal = Signal.objects.get(title="3-MMC staat op lijst I")
    counts = []
    for size in (10, 40):
        for n in range(size):
            user = member(organisation, last_name=f"Extra{size}-{n}")
            if n % 3:
                CertificateFactory(
                    user=user,
                    course=staff,
                    issued_on=days(-100),
                    valid_until=days(300),
                )
        signal_deliver(signal_id=signal.pk)
        with CaptureQueriesContext(connection) as queries:
            report = _report(organisation)
        counts.append(len(queries))
        assert len(report.signals[0].unread) > size // 2
    assert counts[0] == counts[1]
    assert Membership.objects.filter(organisation=organisation).count() > 50

"""`seed_bench_data`: a large data set in bulk, and nothing twice."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certificates.models import Certificate
from organisations.models import Membership, MembershipRole, Organisation
from organisations.selectors.dashboard import Filters, dashboard_get

pytestmark = pytest.mark.django_db
ARGS = [
    "--organisations=2",
    "--people=40",
    "--courses=3",
    "--required=2",
    "--certificates=50",
]


def test_seed_creates_organisations_people_and_certificates_once_when_run_twice(
    home_page,
):
    out = StringIO()
    call_command("seed_bench_data", *ARGS, stdout=out)
    assert "2 organisations, 40 people" in out.getvalue()
    counts = (
        Organisation.objects.count(),
        Membership.objects.count(),
        Certificate.objects.count(),
    )
    assert counts == (2, 40, 50)
    call_command("seed_bench_data", *ARGS, stdout=StringIO())
    assert counts == (
        Organisation.objects.count(),
        Membership.objects.count(),
        Certificate.objects.count(),
    )
    for organisation in Organisation.objects.all():
        assert organisation.memberships.filter(role=MembershipRole.ADMIN).count() == 1
        board = dashboard_get(
            organisation=organisation,
            filters=Filters(),
            page_number=1,
            today=timezone.localdate(),
        )
        assert len(board.columns) == 2
        assert board.people_count == 20


def test_seed_refuses_zero_people_when_asked(home_page):
    with pytest.raises(CommandError):
        call_command("seed_bench_data", "--people=0", stdout=StringIO())


def test_seed_issues_each_certificate_on_its_issue_date_when_some_expired(home_page):
    call_command("seed_bench_data", *ARGS, stdout=StringIO())
    certificates = list(Certificate.objects.all())
    assert any(c.valid_until < timezone.localdate() for c in certificates)
    for certificate in certificates:
        assert timezone.localdate(certificate.issued_at) == certificate.issued_on
        assert certificate.issued_on < certificate.valid_until

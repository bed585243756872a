"""The dashboard's search on PostgreSQL reads the user table through the
trigram indexes of training/migrations/0011 (a search of the 5,000-staff
organisation among 100,000 users: 129 ms with a sequential scan, 8 ms)."""

import pytest
from django.db import connection
from django.utils import timezone

from organisations.selectors.dashboard import (
    Filters,
    members_queryset,
    search_condition,
)
from tests.factories.organisations import MembershipFactory
from tests.factories.users import UserFactory
from training.models import User

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL only"
    ),
]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # the test table is tiny: leave the planner only bitmap scans, so it
        # shows which index can answer the condition (else a disabled seq scan)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_search_reads_users_through_trigram_indexes_when_searching(organisation):
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(first_name="Anna", last_name="Jansen"),
    )
    members = members_queryset(
        organisation=organisation,
        filters=Filters(query="jans"),
        today=timezone.localdate(),
    )
    assert list(members.values_list("user__last_name", flat=True)) == ["Jansen"]
    # the search's condition on the user table, as the dashboard builds it
    plan = _plan(User.objects.filter(search_condition("jans")))
    assert "Seq Scan on training_user" not in plan
    for column in ("first_name", "last_name", "email"):
        assert f"training_user_{column}_upper_trgm" in plan

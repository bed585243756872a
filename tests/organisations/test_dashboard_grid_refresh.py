"""The cached dashboard grid after a member changed (organisations/selectors/
grid_cache.py, issue 16): one version tells a warm request that no member
changed, and a change reads again only the rows of the members who changed,
in their current name order."""

import pytest
from django.core.cache import cache

from certificates.models import Certificate
from organisations.selectors import grid_cache
from organisations.selectors.grid_cache import members_scope
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import OrganisationFactory, requirement_create
from tests.organisations.test_dashboard_grid_cache import (
    G,
    N,
    V,
    board,
    days,
    member,
    statuses,
)
from training.learner_cache import learner_changed, scope_changed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("learner_cache_on")]


@pytest.fixture
def practice(organisation, course_tree):
    """Anna, and Bert whose certificate has expired; then Bert's certificate is
    extended by a write that sends no signal and changes no version, which
    only a computation of Bert's row shows."""
    requirement_create(organisation, course_tree.course, due_within_days=30)
    anna = member(organisation, "anna@example.org", last_name="Aal")
    bert = member(organisation, "bert@example.org", last_name="Bos")
    _expired_then_extended_silently(organisation, bert, course_tree.course)
    return {"anna": anna, "bert": bert}


def _expired_then_extended_silently(organisation, membership, course):
    """The member's certificate shows as expired, then is extended by a write
    that sends no signal and changes no version."""
    certificate = CertificateFactory(
        user=membership.user,
        course=course,
        issued_on=days(-5),
        valid_until=days(-1),
    )
    assert statuses(organisation)[membership.user.email] == [V]
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=days(400))


def _give_anna_a_certificate(practice, course_tree):
    CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(400),
    )


def test_only_the_member_who_changed_is_computed_again(
    organisation, practice, course_tree
):
    _give_anna_a_certificate(practice, course_tree)

    found = statuses(organisation)

    assert found["anna@example.org"] == [G]
    assert found["bert@example.org"] == [V]  # Bert's row was not read again


def test_a_changed_member_set_computes_everyone_again(
    organisation, practice, course_tree
):
    scope_changed(members_scope(organisation.pk))

    assert statuses(organisation)["bert@example.org"] == [G]


def test_more_changed_members_than_the_limit_computes_everyone_again(
    organisation, practice, course_tree, monkeypatch
):
    monkeypatch.setattr(grid_cache, "REFRESH_LIMIT", 0)
    _give_anna_a_certificate(practice, course_tree)

    found = statuses(organisation)

    assert found["anna@example.org"] == [G]
    assert found["bert@example.org"] == [G]


def test_a_renamed_member_moves_to_their_new_place_on_the_next_request(
    organisation, practice
):
    assert list(statuses(organisation))[:2] == ["anna@example.org", "bert@example.org"]
    user = practice["anna"].user

    user.last_name = "Zwart"
    user.save()

    assert list(statuses(organisation))[-1] == "anna@example.org"
    assert [person.last_name for person in board(organisation).page.object_list][
        -1
    ] == "Zwart"


def test_a_member_of_two_organisations_changes_both_dashboards(
    organisation, practice, course_tree
):
    other = OrganisationFactory(name="Wijkteam Noord")
    requirement_create(other, course_tree.course, due_within_days=30)
    member(other, "carla@example.org")
    anna_there = member(other, "anna2@example.org")
    assert statuses(other)["anna2@example.org"] == [N]
    assert statuses(organisation)["anna@example.org"] == [N]

    CertificateFactory(
        user=anna_there.user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(400),
    )

    assert statuses(other)["anna2@example.org"] == [G]
    assert statuses(other)["carla@example.org"] == [N]


def test_a_warm_request_reads_no_member_versions(organisation, practice, monkeypatch):
    """Thousands of members would cost thousands of keys per request."""
    for number in range(30):
        member(organisation, f"extra{number}@example.org")
    statuses(organisation)
    asked: list[int] = []
    get_many = cache.get_many

    def counting(keys, *args, **kwargs):
        asked.append(len(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counting)

    assert len(statuses(organisation)) == 32

    assert asked
    assert max(asked) <= 4


def test_a_lost_list_of_member_versions_computes_everyone_again(
    organisation, practice, course_tree, monkeypatch
):
    _give_anna_a_certificate(practice, course_tree)
    get = cache.get

    def forgetting(key, *args, **kwargs):
        return None if str(key).endswith(":tokens") else get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", forgetting)

    found = statuses(organisation)

    assert found["anna@example.org"] == [G]
    assert found["bert@example.org"] == [G]


def test_a_change_naming_many_learners_reaches_each_of_their_organisations(
    organisation, practice, course_tree, monkeypatch
):
    """Asked in chunks (a signal may name 100,000 people; SQLite takes about
    32,000 parameters): here one person per chunk."""
    from organisations import wagtail_hooks

    monkeypatch.setattr(wagtail_hooks, "FOLLOWERS_CHUNK", 1)
    other = OrganisationFactory(name="Wijkteam Noord")
    requirement_create(other, course_tree.course, due_within_days=30)
    carla = member(other, "carla@example.org")
    _expired_then_extended_silently(other, carla, course_tree.course)

    learner_changed(practice["bert"].user_id, carla.user_id)

    assert statuses(organisation)["bert@example.org"] == [G]
    assert statuses(other)["carla@example.org"] == [G]

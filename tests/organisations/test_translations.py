"""A course's translations are never separate courses for an organisation: the
required-training picker, requirements (and so the dashboard, exports, reminders
and the enrolment of a new member) and the demo all use the source course."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from courses.models import Enrolment
from demo.accounts import demo_accounts_ensure
from demo.loaders.organisations import organisations_load
from organisations.forms import RequirementForm
from organisations.models import OrganisationValidityRule, RequiredTraining
from organisations.services.memberships import membership_join
from organisations.services.requirements import required_training_add
from tests.factories.courses import course_tree_create
from tests.factories.organisations import requirement_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _english(course):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    copy = course.copy_for_translation(locale, copy_parents=True).specific
    copy.title = "3-MMC and NPS"
    copy.save_revision().publish()
    return copy


def test_required_training_picker_offers_each_course_once_when_translated(
    course_tree,
):
    english = _english(course_tree.course)
    choices = RequirementForm(teams=[]).fields["course"].queryset
    assert course_tree.course in choices
    assert english not in choices


def test_requiring_a_translation_requires_its_source_when_added(
    organisation, course_tree
):
    english = _english(course_tree.course)
    requirement = required_training_add(
        organisation=organisation, course=english, actor=None, due_within_days=30
    )
    assert requirement.course_id == course_tree.course.pk


def test_requirement_on_a_translation_is_refused_when_cleaned(
    organisation, course_tree
):
    english = _english(course_tree.course)
    requirement = RequiredTraining(
        organisation=organisation, course=english, due_within_days=30
    )
    with pytest.raises(ValidationError):
        requirement.full_clean()


def test_new_member_is_enrolled_once_when_a_translation_was_required(
    organisation, course_tree
):
    english = _english(course_tree.course)
    requirement_create(organisation, english)
    _migration().requirements_to_source_courses(apps, None)
    person = UserFactory()
    membership_join(user=person, organisation=organisation)
    assert list(Enrolment.objects.filter(user=person).values_list("course_id")) == [
        (course_tree.course.pk,)
    ]


def _migration():
    return importlib.import_module(
        "organisations.migrations.0005_requirements_on_source_courses"
    )


def test_migration_moves_translated_requirements_to_their_source_when_run(
    organisation, other_organisation, course_tree
):
    english = _english(course_tree.course)
    requirement_create(organisation, course_tree.course)
    requirement_create(organisation, english)  # the same requirement twice
    requirement_create(other_organisation, english)
    OrganisationValidityRule.objects.create(
        organisation=organisation, course=english, months=12
    )
    stray = Enrolment.objects.create(
        user=UserFactory(), course=english, source="assigned"
    )
    _migration().requirements_to_source_courses(apps, None)
    assert set(RequiredTraining.objects.values_list("organisation", "course")) == {
        (organisation.pk, course_tree.course.pk),
        (other_organisation.pk, course_tree.course.pk),
    }
    assert RequiredTraining.objects.count() == 2
    assert OrganisationValidityRule.objects.get().course_id == course_tree.course.pk
    assert not Enrolment.objects.filter(pk=stray.pk).exists()


def test_demo_requires_source_courses_when_course_one_is_translated(home_page):
    main = course_tree_create(home_page, slug="3-mmc-en-nps", title="3-MMC en NPS")
    second = course_tree_create(home_page, slug="gespreksvaardigheden", title="Gesprek")
    _english(main.course)
    demo_accounts_ensure()
    organisations_load()
    required = set(RequiredTraining.objects.values_list("course_id", flat=True))
    assert required == {main.course.pk, second.course.pk}

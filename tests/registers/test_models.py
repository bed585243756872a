"""Registers, numbers and accreditations: what is refused on entry, with a clear
Dutch message and nothing saved (issue 15, "Bad input")."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses.models import CourseAccreditation
from registers.models import Register, RegisterNumber
from registers.numbers import number_normalise, number_problem
from tests.factories.registers import (
    CourseAccreditationFactory,
    RegisterFactory,
    RegisterNumberFactory,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_registers_are_seeded_with_their_pe_online_org_ids():
    org_ids = dict(Register.objects.values_list("code", "pe_online_org_id"))
    assert org_ids == {
        "gaia": 19,
        "vv": 52,
        "registerplein": 46,
        "nvvs": 32,
        "lv-poh-ggz": 68,
        "skj": None,
        "other": None,
    }


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1234567890", "precies 11 cijfers; je typte er 10"),
        ("123456789012", "precies 11 cijfers; je typte er 12"),
        ("1234567890A", "alleen uit cijfers"),
        ("", "Vul je nummer in"),
    ],
)
def test_big_number_is_refused_when_not_eleven_digits(number, fragment):
    record = RegisterNumber(
        user=UserFactory(), register=RegisterFactory(code="gaia"), number=number
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert fragment in " ".join(error.value.message_dict["number"])
    assert not RegisterNumber.objects.exists()


def test_big_number_is_accepted_when_eleven_digits_with_spaces():
    record = RegisterNumber(
        user=UserFactory(),
        register=RegisterFactory(code="gaia"),
        number="190 1234 5678",
    )
    record.full_clean()
    assert record.number == "19012345678"


def test_vv_number_is_refused_when_not_six_digits():
    record = RegisterNumber(
        user=UserFactory(), register=RegisterFactory(code="vv"), number="12345"
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "precies 6 cijfers" in error.value.message_dict["number"][0]


def test_free_number_is_refused_when_it_has_stray_characters():
    assert number_problem(kind="free", number="4610<script>") is not None
    assert number_problem(kind="free", number="4610-123.45") is None
    assert number_normalise(" 12 34 ") == "1234"


def test_duplicate_number_in_the_same_register_is_refused():
    existing = RegisterNumberFactory(register=RegisterFactory(code="gaia"))
    duplicate = RegisterNumber(
        user=UserFactory(), register=existing.register, number=existing.number
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "al aan een ander account gekoppeld" in str(error.value)
    assert RegisterNumber.objects.count() == 1


def test_second_number_for_the_same_register_is_refused():
    existing = RegisterNumberFactory(register=RegisterFactory(code="gaia"))
    second = RegisterNumber(
        user=existing.user, register=existing.register, number="19099999999"
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Je hebt al een nummer voor dit register" in str(error.value)


def test_same_number_in_another_register_is_allowed():
    existing = RegisterNumberFactory(
        register=RegisterFactory(code="nvvs"), number="12345678901"
    )
    other = RegisterNumber(
        user=existing.user, register=RegisterFactory(code="gaia"), number="12345678901"
    )
    other.full_clean()


def test_consent_is_off_by_default():
    record = RegisterNumber(register=RegisterFactory(code="gaia"), number="1")
    assert record.consent_to_register is False


@pytest.mark.parametrize("points", [Decimal("0"), Decimal("-1")])
def test_accreditation_with_points_zero_or_less_is_refused(course_tree, points):
    accreditation = CourseAccreditation(
        course=course_tree.course, register=RegisterFactory(code="gaia"), points=points
    )
    with pytest.raises(ValidationError) as error:
        accreditation.full_clean()
    assert error.value.message_dict["points"] == [
        "Het aantal punten moet groter zijn dan 0."
    ]


def test_accreditation_ending_before_it_starts_is_refused(course_tree):
    accreditation = CourseAccreditation(
        course=course_tree.course,
        register=RegisterFactory(code="gaia"),
        points=2,
        valid_from=datetime.date(2026, 6, 1),
        valid_until=datetime.date(2026, 5, 31),
    )
    with pytest.raises(ValidationError) as error:
        accreditation.full_clean()
    assert "eindigt vóór ze begint" in error.value.message_dict["valid_until"][0]


def test_accreditation_period_bounds_are_inclusive_and_open_when_empty(course_tree):
    accreditation = CourseAccreditationFactory(
        course=course_tree.course,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    assert accreditation.covers(datetime.date(2026, 1, 1))
    assert accreditation.covers(datetime.date(2026, 12, 31))
    assert not accreditation.covers(datetime.date(2027, 1, 1))
    assert not accreditation.covers(datetime.date(2025, 12, 31))
    accreditation.valid_from = accreditation.valid_until = None
    assert accreditation.covers(datetime.date(1999, 1, 1))


def test_module_accreditation_of_another_course_is_refused(course_tree, home_page):
    from courses.models import ModuleAccreditation
    from tests.factories.courses import course_tree_create

    other = course_tree_create(home_page, slug="ander", title="Ander")
    foreign = CourseAccreditationFactory(course=other.course)
    entry = ModuleAccreditation(module=course_tree.modules[0], accreditation=foreign)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "Kies een accreditatie van de cursus" in str(error.value)
    own = CourseAccreditationFactory(course=course_tree.course)
    ModuleAccreditation(module=course_tree.modules[0], accreditation=own).full_clean()

"""Registers (seeded by a migration and put back after a flush by
``tests.wagtail_tree``; the factory gets or creates by code), learners' numbers,
accreditations and attendance records."""

import datetime

import factory
from django.utils import timezone

from courses.models import CourseAccreditation
from registers.models import AttendanceRecord, Register, RegisterNumber
from registers.seed import REGISTERS
from tests.factories.users import UserFactory

SEED = {code: rest for code, *rest in REGISTERS}


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register
        django_get_or_create = ("code",)

    code = "gaia"
    name = factory.LazyAttribute(lambda o: SEED.get(o.code, (o.code,))[0])
    pe_online_org_id = factory.LazyAttribute(
        lambda o: SEED[o.code][1] if o.code in SEED else None
    )
    number_kind = factory.LazyAttribute(
        lambda o: SEED[o.code][2] if o.code in SEED else "free"
    )
    number_label = factory.LazyAttribute(
        lambda o: SEED[o.code][3] if o.code in SEED else "nummer"
    )


class RegisterNumberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterNumber

    user = factory.SubFactory(UserFactory)
    register = factory.SubFactory(RegisterFactory)
    number = factory.Sequence(lambda n: f"{19000000000 + n:011d}")
    consent_to_register = True
    consent_changed_at = factory.LazyFunction(timezone.now)


class CourseAccreditationFactory(factory.django.DjangoModelFactory):
    """Needs ``course``."""

    class Meta:
        model = CourseAccreditation

    register = factory.SubFactory(RegisterFactory)
    points = 2
    register_course_id = factory.Sequence(lambda n: f"{9000 + n}")
    valid_from = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )
    valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )


class AttendanceRecordFactory(factory.django.DjangoModelFactory):
    """Needs ``accreditation`` (its course and register are taken from it)."""

    class Meta:
        model = AttendanceRecord

    user = factory.SubFactory(UserFactory)
    register = factory.LazyAttribute(lambda o: o.accreditation.register)
    course = factory.LazyAttribute(lambda o: o.accreditation.course)
    person_number = factory.Sequence(lambda n: f"{19000000000 + n:011d}")
    register_course_id = factory.LazyAttribute(
        lambda o: o.accreditation.register_course_id
    )
    end_date = factory.LazyFunction(timezone.now)

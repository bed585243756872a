"""Demo accreditation (issue 15): the ``accreditations`` key of a course YAML
(register code, points, the register's course id and ours, all fictional) with a
period from a year before to a year after the day of loading, and the demo
learner's fictional BIG number with consent to register points. Idempotent: a
course is published again only when its accreditations changed or the period no
longer covers today; a number is set, not added. Nothing here calls out: records
are created, and sending is the sending task's (off in `make run`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from courses.models import CourseAccreditation, CoursePage
from demo.loaders.cards import read_yaml
from demo.loaders.courses import catalogue_ensure, course_files
from registers.models import Register
from registers.seed import registers_seed
from registers.services.numbers import register_number_save
from training.models import User

LEARNER_EMAIL = "leerling@bijblijven.example"
# fictional: 11 digits as a BIG number has, not one the BIG-register issued
LEARNER_BIG_NUMBER = "99912345601"
PERIOD = datetime.timedelta(days=365)
FIELDS = ("register_id", "points", "number", "register_course_id", "external_course_id")


def _wanted(items: list[dict], registers: dict[str, int]) -> list[dict]:
    return [
        {
            "register_id": registers[item["register"]],
            "points": Decimal(str(item["points"])),
            "number": item.get("number", ""),
            "register_course_id": str(item.get("register_course_id", "")),
            "external_course_id": str(item.get("external_course_id", "")),
        }
        for item in items
    ]


def _course_accreditations_load(course: CoursePage, items: list[dict]) -> bool:
    registers = dict(Register.objects.values_list("code", "pk"))
    wanted = _wanted(items, registers)
    today = timezone.localdate()
    current = list(course.accreditations.order_by("sort_order", "pk"))
    if [{f: getattr(a, f) for f in FIELDS} for a in current] == wanted and all(
        a.covers(today) and a.valid_from and a.valid_until for a in current
    ):
        return False
    course.accreditations = [
        CourseAccreditation(
            **item, valid_from=today - PERIOD, valid_until=today + PERIOD
        )
        for item in wanted
    ]
    for accreditation in course.accreditations.all():
        accreditation.full_clean(exclude=["course"])
    course.save_revision().publish()
    return True


@transaction.atomic
def accreditations_demo_load(home) -> int:
    """Accreditations of the demo courses and the learner's BIG number; returns
    how many courses were published again."""
    registers_seed()
    catalogue = catalogue_ensure(home)
    published = 0
    for path in course_files():
        data = read_yaml(path)
        items = data.get("accreditations")
        if not items:
            continue
        course = CoursePage.objects.child_of(catalogue).get(slug=data["slug"])
        published += _course_accreditations_load(course, items)
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    if learner is not None:
        register_number_save(
            user=learner,
            register=Register.objects.get(code="gaia"),
            number=LEARNER_BIG_NUMBER,
            consent=True,
        )
    return published

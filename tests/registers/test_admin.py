"""Accreditations in the course editor (issue 15): a period that ends before it
starts is refused with a message and nothing saved; an expired accreditation is
warned about on the course's edit page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CourseAccreditation
from tests.factories.registers import CourseAccreditationFactory, RegisterFactory

pytestmark = pytest.mark.django_db
WARNING = "De accreditatie van deze cursus is verlopen"


def _edit_url(course) -> str:
    return reverse("wagtailadmin_pages:edit", args=[course.pk])


def test_course_edit_page_warns_when_an_accreditation_has_expired(
    admin_client, course_tree
):
    CourseAccreditationFactory(
        course=course_tree.course,
        register=RegisterFactory(code="gaia"),
        valid_from=datetime.date(2024, 1, 1),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = admin_client.get(_edit_url(course_tree.course)).content.decode()
    assert WARNING in html
    assert "GAIA (KNMG-registers, ABAN/ABC1): geaccrediteerd tot en met" in html


def test_course_edit_page_has_no_warning_when_accreditation_is_current(
    admin_client, course_tree
):
    CourseAccreditationFactory(course=course_tree.course)
    html = admin_client.get(_edit_url(course_tree.course)).content.decode()
    assert WARNING not in html


def _course_data(course, accreditation: dict) -> dict:
    data = nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary or "Samenvatting",
            "intro": rich_text(""),
            "learning_goals": rich_text("<p>Je kunt het uitleggen.</p>"),
            "duration_minutes": course.duration_minutes or 60,
            "validity_months": course.validity_months,
            "renewal_mode": course.renewal_mode,
            "content_update_policy": course.content_update_policy,
            "content_update_grace_days": course.content_update_grace_days,
            "accreditations": inline_formset([accreditation]),
            "contributors": inline_formset([]),
            "conflict_of_interest": "Geen belangen.",
            "last_full_review_on": "",
            "material_change_summary": "",
        }
    )
    data["audiences"] = ["huisarts"]
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"valid_from": "2026-06-01", "valid_until": "2026-05-31"},
            "De accreditatie eindigt vóór ze begint",
        ),
        ({"points": "0"}, "Het aantal punten moet groter zijn dan 0."),
    ],
    ids=["until-before-from", "zero-points"],
)
def test_editor_refuses_a_bad_accreditation_and_saves_nothing(
    admin_client, course_tree, overrides, message
):
    accreditation = {
        "register": RegisterFactory(code="gaia").pk,
        "register_name": "",
        "points": "2",
        "number": "",
        "register_course_id": "9471",
        "external_course_id": "",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        **overrides,
    }
    revisions = course_tree.course.revisions.count()
    data = _course_data(course_tree.course, accreditation)
    data["action-publish"] = "action-publish"
    response = admin_client.post(_edit_url(course_tree.course), data)
    assert response.status_code == 200  # the form again, not a redirect
    assert message in response.content.decode()
    assert not CourseAccreditation.objects.exists()
    assert course_tree.course.revisions.count() == revisions


def test_editor_saves_a_good_accreditation(admin_client, course_tree):
    accreditation = {
        "register": RegisterFactory(code="gaia").pk,
        "register_name": "",
        "points": "2",
        "number": "",
        "register_course_id": "9471",
        "external_course_id": "",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
    }
    data = _course_data(course_tree.course, accreditation)
    data["action-publish"] = "action-publish"
    response = admin_client.post(_edit_url(course_tree.course), data)
    assert response.status_code == 302
    saved = CourseAccreditation.objects.get()
    assert (saved.register.code, saved.register_course_id) == ("gaia", "9471")

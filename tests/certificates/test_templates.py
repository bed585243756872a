"""Certificate templates: one default, a per-course choice, trainer editing and
preview in the admin, and the texts appearing in the PDF."""

import pytest
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.models import CertificateTemplate, CertificateTemplateCourse
from certificates.rendering import (
    STYLESHEET,
    certificate_html,
    certificate_template_for,
    sample_context,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_course_uses_its_own_template_else_the_default_else_built_in(home_page):
    first = course_tree_create(home_page, slug="een", modules=1).course
    second = course_tree_create(home_page, slug="twee", modules=1).course
    assert certificate_template_for(first).pk is None
    default = CertificateTemplate.objects.create(name="Standaard", is_default=True)
    own = CertificateTemplate.objects.create(name="Eigen")
    CertificateTemplateCourse.objects.create(template=own, course=first)
    assert certificate_template_for(first) == own
    assert certificate_template_for(second) == default


def test_only_one_template_is_default_when_another_becomes_default():
    first = CertificateTemplate.objects.create(name="Een", is_default=True)
    second = CertificateTemplate.objects.create(name="Twee", is_default=True)
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)


def test_template_texts_and_signatory_appear_in_the_certificate(course_tree):
    template = CertificateTemplate(
        name="Test",
        heading="Bewijs van deelname",
        intro="Wij verklaren dat",
        signatory_name="Dr. M. Bakker",
        signatory_title="Directeur",
        footer="Een voettekst.",
    )
    certificate = CertificateFactory(course=course_tree.course)
    html = certificate_html(certificate=certificate, template=template)
    for text in (
        "Bewijs van deelname",
        "Wij verklaren dat",
        "Dr. M. Bakker",
        "Directeur",
    ):
        assert text in html
    assert certificate.code_display in html


def test_trainer_creates_a_template_for_a_course_and_previews_it_in_the_admin(
    client, course_tree
):
    trainer = UserFactory()
    trainer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "add_certificatetemplate",
                "change_certificatetemplate",
                "view_certificatetemplate",
            ]
        )
    )
    client.force_login(trainer)
    add_url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    data = {
        "name": "Verpleegkunde",
        "heading": "Certificaat",
        "intro": "Hierbij verklaren wij dat",
        "completion_text": "de nascholing heeft afgerond:",
        "accent_colour": "#154273",
        "course_links-TOTAL_FORMS": "1",
        "course_links-INITIAL_FORMS": "0",
        "course_links-MIN_NUM_FORMS": "0",
        "course_links-MAX_NUM_FORMS": "1000",
        "course_links-0-course": str(course_tree.course.pk),
        "course_links-0-ORDER": "1",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get(name="Verpleegkunde")
    assert certificate_template_for(course_tree.course) == template
    preview_url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit",
        args=[template.pk],
    )
    preview_data = {**data, "course_links-TOTAL_FORMS": "0"}
    assert client.post(preview_url, preview_data).json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "Voorbeeldcursus" in preview.content.decode()
    bad = client.post(add_url, {**data, "name": "Fout", "accent_colour": "blauw"})
    assert bad.status_code == 200
    assert not CertificateTemplate.objects.filter(name="Fout").exists()


def test_pdf_html_leaves_the_fixed_css_to_the_renderer_and_the_preview_inlines_it(
    course_tree,
):
    template = CertificateTemplate(name="Test", accent_colour="#154273")
    certificate = CertificateFactory(course=course_tree.course)
    fixed_rule = ".verify {"
    assert fixed_rule in STYLESHEET.read_text(encoding="utf-8")
    html = certificate_html(certificate=certificate, template=template)
    assert fixed_rule not in html
    assert "#154273" in html  # the accent colour stays in the template
    preview = render_to_string(
        "certificates/admin/template_preview.html",
        sample_context(template=template),
    )
    assert fixed_rule in preview

"""The content roles: what trainers and reviewers may open and do in the Wagtail
admin, given by the apps and applied after every migrate and to every catalogue
(the demo trainer met "Sorry, je hebt geen toegang" on every screen, and a
reviewer's approval was refused)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, WorkflowContentType

from courses.models import CourseIndexPage, LessonPage, SubstanceCard
from courses.roles import (
    REVIEWERS,
    TRAINERS,
    catalogue_roles_ensure,
    role_permissions,
)
from courses.workflow import WORKFLOW_NAME
from tests.factories.users import UserFactory, role_member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(course_tree):
    catalogue_roles_ensure(course_tree.catalogue)
    return course_tree


@pytest.fixture
def trainer(roles):
    return role_member_create(TRAINERS)


@pytest.fixture
def reviewer(roles):
    return role_member_create(REVIEWERS)


def test_roles_get_their_permissions_when_migrate_finishes(course_tree):
    Group.objects.filter(name__in=[TRAINERS, REVIEWERS]).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    trainers = Group.objects.get(name=TRAINERS)
    assert trainers.permissions.filter(codename="change_question").exists()
    assert GroupPagePermission.objects.filter(
        group=trainers, page=course_tree.catalogue, permission__codename="add_page"
    ).exists()
    assert course_tree.catalogue.get_workflow().name == WORKFLOW_NAME
    assert WorkflowContentType.objects.filter(
        content_type__model="substancecard", workflow__name=WORKFLOW_NAME
    ).exists()


def test_every_declared_role_permission_exists_when_collected():
    # _permissions raises for a name without a Permission row
    from courses.roles import _permissions

    for names in role_permissions().values():
        assert len(_permissions(names)) == len(names)


def test_roles_never_reach_organisations_or_certificate_holders_when_declared():
    for names in role_permissions().values():
        assert not any(name.startswith("organisations.") for name in names)
        assert "certificates.view_certificate" not in names


def test_catalogue_made_in_the_admin_is_open_to_trainers_when_created(
    client, home_page
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse(
        "wagtailadmin_pages:add",
        args=["courses", "courseindexpage", home_page.pk],
    )
    response = client.post(
        url, {"title": "Cursussen", "slug": "cursussen", "intro": "{}"}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    catalogue = CourseIndexPage.objects.get(slug="cursussen")
    trainer = role_member_create(TRAINERS)
    assert catalogue.permissions_for_user(trainer).can_add_subpage()
    assert catalogue.get_workflow().name == WORKFLOW_NAME


def _admin_urls(tree) -> dict[str, str]:
    module, lesson = tree.modules[0], tree.lessons[0]
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[tree.catalogue.pk]),
        "edit lesson": reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        "add lesson": reverse(
            "wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk]
        ),
        "substance cards": reverse("wagtailsnippets_courses_substancecard:list"),
        "new substance card": reverse("wagtailsnippets_courses_substancecard:add"),
        "referral cards": reverse("wagtailsnippets_courses_referralcard:list"),
        "topics": reverse("wagtailsnippets_courses_topic:list"),
        "questions": reverse("wagtailsnippets_assessments_question:list"),
        "new question": reverse("wagtailsnippets_assessments_question:add"),
        "categories": reverse("wagtailsnippets_assessments_questioncategory:list"),
        "certificate templates": reverse(
            "wagtailsnippets_certificates_certificatetemplate:list"
        ),
        "skill tags": reverse("wagtailsnippets_scenarios_skilltag:list"),
        "images": reverse("wagtailimages:index"),
        "upload image": reverse("wagtailimages:add"),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "documents": reverse("wagtaildocs:index"),
        "upload document": reverse("wagtaildocs:add"),
        "freshness report": reverse("courses_freshness_report"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "locked pages": reverse("wagtailadmin_reports:locked_pages"),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "marking queue": reverse("assessments_admin:marking_queue"),
        "item analysis": reverse("assessments_admin:analysis_index"),
        "regrade": reverse("assessments_admin:regrade_list"),
        "question import": reverse("assessments_admin:import"),
        "scenario analysis": reverse("scenarios_admin:report"),
        "memberships": reverse("wagtailsnippets_organisations_membership:list"),
        "organisations": reverse("wagtailsnippets_organisations_organisation:list"),
        "certificates": reverse("certificates_admin:index"),
        "users": reverse("wagtailusers_users:index"),
        "workflows": reverse("wagtailadmin_workflows:index"),
    }


OPEN_TO = {
    TRAINERS: {
        "dashboard", "explorer", "edit lesson", "add lesson", "substance cards",
        "new substance card", "referral cards", "topics", "questions",
        "new question", "categories", "certificate templates", "skill tags",
        "images", "upload image", "image chooser", "documents", "upload document",
        "freshness report", "workflow report", "site history", "marking queue",
        "item analysis", "regrade", "question import", "scenario analysis",
    },
    REVIEWERS: {
        "dashboard", "explorer", "edit lesson", "substance cards",
        "referral cards", "topics", "questions", "categories", "skill tags",
        "image chooser", "freshness report", "workflow report", "locked pages",
        "site history",
    },
}  # fmt: skip


@pytest.mark.parametrize("role", [TRAINERS, REVIEWERS])
def test_admin_screens_open_to_a_role_when_its_job_needs_them(client, roles, role):
    client.force_login(role_member_create(role))
    answers = {
        name: client.get(url).status_code for name, url in _admin_urls(roles).items()
    }
    opened = {name for name, status in answers.items() if status == 200}
    assert opened == OPEN_TO[role], answers
    refused = {status for name, status in answers.items() if name not in opened}
    assert refused <= {302, 403}, answers


def _lesson_post(lesson, **extra) -> dict:
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": "Nieuwe samenvatting.",
            "minutes": lesson.minutes,
            "body": streamfield([("text", rich_text("<p>Nieuwe tekst.</p>"))]),
            "content_owner": lesson.content_owner,
            "review_by": str(lesson.review_by),
            **extra,
        }
    )


def test_trainer_cannot_publish_past_the_review_when_pressing_publish(
    client, trainer, roles
):
    lesson = roles.lessons[0]
    client.force_login(trainer)
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    response = client.post(url, {**_lesson_post(lesson), "action-publish": "1"})
    assert response.status_code == 302
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.has_unpublished_changes
    assert lesson.summary != "Nieuwe samenvatting."


def test_reviewer_approval_publishes_when_a_trainer_submitted(
    client, trainer, reviewer, roles
):
    lesson = roles.lessons[0]
    client.force_login(trainer)
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    response = client.post(url, {**_lesson_post(lesson), "action-submit": "1"})
    assert response.status_code == 302
    state = Page.objects.get(pk=lesson.pk).current_workflow_state
    assert state is not None
    client.force_login(reviewer)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[lesson.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve)
    assert response.status_code == 302
    assert LessonPage.objects.get(pk=lesson.pk).summary == "Nieuwe samenvatting."


def test_reviewer_approval_publishes_a_card_when_a_trainer_submitted(
    client, trainer, reviewer, roles
):
    from tests.factories.courses import substance_card_create

    card = substance_card_create(slug="4-mmc")
    card.risks = "<p>Nieuw risico.</p>"
    revision = card.save_revision(user=trainer)
    card.get_workflow().start(card, trainer)
    assert SubstanceCard.objects.get(pk=card.pk).live_revision_id != revision.pk
    client.force_login(reviewer)
    state = card.current_workflow_state
    approve = reverse(
        "wagtailsnippets_courses_substancecard:workflow_action",
        args=[card.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(approve).status_code == 302
    assert SubstanceCard.objects.get(pk=card.pk).risks == "<p>Nieuw risico.</p>"

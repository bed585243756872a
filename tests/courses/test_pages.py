"""Page tree rules and creating every course page type in the Wagtail admin."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from registers.models import Register
from tests.factories.courses import catalogue_create, course_tree_create
from tests.factories.users import UserFactory
from training.models import HomePage


class TestTreeRules(WagtailPageTestCase):
    def test_catalogue_sits_only_under_home_when_created(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_holds_only_modules(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_module_holds_lessons_and_lesson_holds_nothing(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        assert LessonPage in ModulePage.allowed_subpage_models()
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})


class TestAdminCreation(WagtailPageTestCase):
    def setUp(self):
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HomePage(title="Home", slug="home-admin"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": self.home},
        )
        self.admin = UserFactory(is_superuser=True, is_staff=True)
        self.client.force_login(self.admin)

    def test_trainer_can_create_catalogue_course_module_and_lesson(self):
        self.assertCanCreate(
            self.home,
            CourseIndexPage,
            nested_form_data(
                {"title": "Cursussen", "slug": "cursussen", "intro": rich_text("")}
            ),
        )
        catalogue = CourseIndexPage.objects.get()
        course_data = nested_form_data(
            {
                "title": "3-MMC",
                "slug": "3-mmc",
                "summary": "Samenvatting",
                "intro": rich_text(""),
                "learning_goals": rich_text("<p>Je kunt het uitleggen.</p>"),
                "duration_minutes": 60,
                "validity_months": 24,
                "renewal_mode": "refresher",
                "content_update_policy": "advisory",
                "content_update_grace_days": 90,
                "accreditations": inline_formset(
                    [
                        {
                            "register": Register.objects.get(code="other").pk,
                            "register_name": "Register X",
                            "points": "2",
                            "number": "",
                            "register_course_id": "",
                            "external_course_id": "",
                            "valid_from": "",
                            "valid_until": "",
                        }
                    ]
                ),
                "contributors": inline_formset(
                    [
                        {
                            "name": "Redactie Bijblijven",
                            "role": "author",
                            "profession": "",
                            "reviewed_on": "",
                            "reviewed_scope": "",
                        }
                    ]
                ),
                "conflict_of_interest": "Geen belangen.",
                "last_full_review_on": "",
                "material_change_summary": "",
            }
        )
        # Checkbox lists are posted as repeated fields, not nested form data.
        course_data["audiences"] = ["huisarts", "politie"]
        self.assertCanCreate(catalogue, CoursePage, course_data)
        course = CoursePage.objects.get(slug="3-mmc")
        assert {a.code for a in course.audiences.all()} == {"huisarts", "politie"}
        assert course.accreditations.get().register_display == "Register X"
        assert course.contributors.get().name == "Redactie Bijblijven"
        self.assertCanCreate(
            course,
            ModulePage,
            nested_form_data(
                {
                    "title": "Module 1",
                    "slug": "m1",
                    "summary": "",
                    "accreditations": inline_formset([]),
                }
            ),
        )
        module = ModulePage.objects.get()
        self.assertCanCreate(
            module,
            LessonPage,
            nested_form_data(
                {
                    "title": "Les 1",
                    "slug": "les-1",
                    "summary": "",
                    "minutes": 10,
                    "required": True,
                    "content_owner": "Redactie",
                    "review_by": "2030-01-01",
                    "material_change_summary": "",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Kop", "level": "h2"}),
                            ("text", rich_text("<p>Tekst</p>")),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Let op",
                                    "text": rich_text("<p>x</p>"),
                                },
                            ),
                            (
                                "reflection",
                                {"question": "Wat vind jij?", "guidance": ""},
                            ),
                        ]
                    ),
                }
            ),
        )
        lesson = LessonPage.objects.get()
        assert [block.block_type for block in lesson.body] == [
            "heading",
            "text",
            "callout",
            "reflection",
        ]

    def test_material_change_without_summary_is_refused_when_ticked(self):
        tree = course_tree_create(self.home)
        lesson = tree.lessons[0]
        lesson.material_change = True
        lesson.material_change_summary = ""
        with pytest.raises(ValidationError, match="material_change_summary"):
            lesson.full_clean()

    def test_lesson_renders_for_an_enrolled_learner(self):
        tree = course_tree_create(self.home)
        from courses.services import enrolment_create

        enrolment_create(user=self.admin, course=tree.course)
        response = self.client.get(tree.lessons[0].url)
        assert response.status_code == 200
        self.assertContains(response, "Les afronden")

    def test_catalogue_is_reused_when_created_twice(self):
        assert catalogue_create(self.home) == catalogue_create(self.home)

"""Transactional tests (browser tests, concurrency) flush the database, which also
removes the Wagtail tree root, the root collection, the default locale, the
course audiences, the scenario skill tags and the accreditation registers that
migrations created, and the default site with its welcome page (pages without a
site of their own, such as the footer, need one). This puts them back so every
such test starts from a valid, empty Wagtail site."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from assessments.scenarios.services import skill_tags_ensure
from courses.models import Audience
from registers.seed import registers_seed
from training.models import Profession


def wagtail_tree_ensure() -> Page:
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code in Profession.values:
        Audience.objects.get_or_create(code=code)
    registers_seed()
    skill_tags_ensure()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    if not Site.objects.exists():
        welcome = root.add_child(instance=Page(title="Welkom", slug="home"))
        Site.objects.create(
            hostname="localhost", port=80, root_page=welcome, is_default_site=True
        )
    return root

"""The two content roles and what they may do in the Wagtail admin.

*Trainers* write: they add and edit pages under the course catalogue (and lock
them while they work), keep cards, topics and the question bank, and upload
images and documents to the course collection. They cannot publish a page: that
is the *Inhoudelijke reviewers*' step in the review workflow, whose approval
publishes (Wagtail checks the approver's publish permission). Reviewers may edit
what they review, unlock pages and publish cards.

Each app declares its model permissions per role through the
``bijblijven_role_permissions`` hook, so this module names no model of an app
above it. ``roles_ensure`` runs after every ``migrate`` (a production release
gets new permissions without a manual step) and from the demo loader;
``catalogue_roles_ensure`` runs for every catalogue page: after ``migrate``,
when a catalogue is created in the admin, and from the demo loader. Both only
add: a permission an administrator gave a group is never taken away.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowContentType,
    WorkflowPage,
)

from courses.models import ReferralCard, SubstanceCard
from courses.workflow import review_workflow_ensure

TRAINERS = "Trainers"
REVIEWERS = "Inhoudelijke reviewers"
ROLES = (TRAINERS, REVIEWERS)
ROLE_PERMISSIONS_HOOK = "bijblijven_role_permissions"
COURSE_COLLECTION = "Cursusmateriaal"

# Page permissions on the catalogue and everything below it.
PAGE_PERMISSIONS = {
    TRAINERS: ("add_page", "change_page", "lock_page"),
    REVIEWERS: ("change_page", "publish_page", "lock_page", "unlock_page"),
}
# Image and document permissions in the course collection.
COLLECTION_PERMISSIONS = {
    TRAINERS: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
    REVIEWERS: ("wagtailimages.choose_image", "wagtaildocs.choose_document"),
}
ADMIN_ACCESS = "wagtailadmin.access_admin"


def role_permissions() -> dict[str, set[str]]:
    """Every role's model permissions ("app_label.codename"), gathered from the
    apps' ``bijblijven_role_permissions`` hooks (each returns role -> names)."""
    wanted: dict[str, set[str]] = {role: {ADMIN_ACCESS} for role in ROLES}
    for declare in hooks.get_hooks(ROLE_PERMISSIONS_HOOK):
        for role, names in declare().items():
            wanted[role].update(names)
    return wanted


def _permissions(names) -> list[Permission]:
    pairs = {tuple(name.split(".", 1)) for name in names}
    found = [
        permission
        for permission in Permission.objects.filter(
            codename__in={codename for _app, codename in pairs}
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in pairs
    ]
    missing = pairs - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise ImproperlyConfigured(f"Unknown permissions for a role: {sorted(missing)}")
    return found


def course_collection_ensure() -> Collection | None:
    """The collection for course images and documents; None while Wagtail has no
    root collection (a flushed test database)."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    collection = root.get_children().filter(name=COURSE_COLLECTION).first()
    return collection or root.add_child(name=COURSE_COLLECTION)


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create both groups with their model permissions and their permissions in
    the course collection. Idempotent; returns the groups by role name."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in ROLES}
    for role, names in role_permissions().items():
        groups[role].permissions.add(*_permissions(names))
    collection = course_collection_ensure()
    for role, names in COLLECTION_PERMISSIONS.items() if collection else ():
        for permission in _permissions(names):
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=collection, permission=permission
            )
    return groups


def _card_workflow_ensure(workflow) -> None:
    """Cards go through the same review as pages: a changed legal status is as
    much a fact to check as a lesson. A card model keeps a workflow it has."""
    for model in (SubstanceCard, ReferralCard):
        WorkflowContentType.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )


@transaction.atomic
def catalogue_roles_ensure(catalogue: Page) -> None:
    """Give both roles their page permissions on ``catalogue`` (and so on every
    course, module, lesson, quiz and scenario below it), and put the catalogue
    and the cards under the review workflow unless they have a workflow of their
    own. Idempotent."""
    groups = roles_ensure()
    for role, codenames in PAGE_PERMISSIONS.items():
        for permission in _permissions(f"wagtailcore.{name}" for name in codenames):
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=catalogue, permission=permission
            )
    # Wagtail's own "Moderators approval" on the root page is inherited by every
    # page, so only a workflow given to the catalogue itself counts as chosen.
    assigned = WorkflowPage.objects.filter(page=catalogue).first()
    if assigned is not None:
        workflow = assigned.workflow
    else:
        workflow = review_workflow_ensure(
            catalogue=catalogue, reviewers=groups[REVIEWERS]
        )
    _card_workflow_ensure(workflow)

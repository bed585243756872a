"""The expert review workflow: nothing in the catalogue is published before a
second expert approved it."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WORKFLOW_NAME = "Inhoudelijke review"
TASK_NAME = "Goedkeuring door inhoudsdeskundige"


@transaction.atomic
def review_workflow_ensure(*, catalogue: Page, reviewers: Group) -> Workflow:
    """Create the workflow (idempotent) and assign it to the catalogue, so every
    course, module and lesson below it goes through expert approval."""
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(reviewers)
    # WorkflowTask rows directly: the cluster manager on Workflow saves lazily.
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(
        page=catalogue, defaults={"workflow": workflow}
    )
    return workflow

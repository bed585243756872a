"""Background work of the question bank through the Django Tasks API
(`manage.py db_worker` in production, immediate in development and tests)."""

from django_tasks import task


@task()
def question_import_task(*, import_id: int) -> str:
    """Read, check and save an uploaded question spreadsheet; returns the
    import's status."""
    from assessments.services.question_imports import question_import_run

    job = question_import_run(import_id=import_id)
    return job.status if job else ""


@task()
def item_analysis_refresh_task(*, quiz_id: int) -> int:
    """Recompute a quiz's stored item analysis; returns the attempts counted."""
    from assessments.models import QuizPage
    from assessments.services.item_analysis import item_analysis_refresh

    quiz = QuizPage.objects.filter(pk=quiz_id).first()
    return item_analysis_refresh(quiz=quiz).attempts if quiz else 0

from django.urls import path

from assessments.admin_views.analysis import analysis_index_view, analysis_view
from assessments.admin_views.bank import bank_check_view
from assessments.admin_views.facts import facts_confirm_view
from assessments.admin_views.marking import mark_answer_view, marking_queue_view
from assessments.admin_views.regrade import regrade_list_view, regrade_view
from assessments.admin_views.transfer import (
    export_view,
    import_job_view,
    import_retry_view,
    import_view,
)

app_name = "assessments_admin"

urlpatterns = [
    path("beoordelen/", marking_queue_view, name="marking_queue"),
    path("beoordelen/<int:answer_id>/", mark_answer_view, name="mark"),
    path("herbeoordelen/", regrade_list_view, name="regrade_list"),
    path("herbeoordelen/<int:question_id>/", regrade_view, name="regrade"),
    path("analyse/", analysis_index_view, name="analysis_index"),
    path("analyse/<int:quiz_id>/", analysis_view, name="analysis"),
    path("vragen/import/", import_view, name="import"),
    path("vragen/import/<int:import_id>/", import_job_view, name="import_job"),
    path(
        "vragen/import/<int:import_id>/opnieuw/",
        import_retry_view,
        name="import_retry",
    ),
    path("vragen/export/", export_view, name="export"),
    path("vragenbank-controleren/", bank_check_view, name="bank_check"),
    path(
        "vragen/<int:question_id>/feiten-bevestigen/",
        facts_confirm_view,
        name="facts_confirm",
    ),
]

from django.urls import path

from certificates.views import learner, openbadges, updates, verify

app_name = "certificates"

urlpatterns = [
    path("verify/", verify.verify_form, name="verify_form"),
    path("verify/<str:code>/", verify.verify_detail, name="verify"),
    path("openbadges/issuer", openbadges.issuer, name="issuer"),
    path("openbadges/issuer/keys/<int:number>", openbadges.key, name="key"),
    path("openbadges/status/<int:number>", openbadges.status, name="status_list"),
    path("certificaten/", learner.history, name="history"),
    path("certificaten/export.csv", learner.history_csv, name="history_csv"),
    path("certificaten/<str:code>/pdf/", learner.pdf, name="pdf"),
    path(
        "certificaten/<str:code>/credential.json", learner.credential, name="credential"
    ),
    path("certificaten/<str:code>/vernieuwen/", learner.renew, name="renew"),
    path(
        "certificaten/<str:code>/bijwerken/<int:notice_id>/",
        updates.update,
        name="update",
    ),
    path(
        "certificaten/<str:code>/bijwerken/<int:notice_id>/les/<int:page_id>/",
        updates.update_lesson,
        name="update_lesson",
    ),
]

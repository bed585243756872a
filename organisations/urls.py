"""/organisatie/: the person's organisations, invitations, consent, and the
managers' area of each organisation."""

from django.urls import path

from organisations.views import (
    dashboard,
    home,
    imports,
    invitations,
    people,
    settings,
    trend,
)

app_name = "organisations"

org = "<int:organisation_id>/"
urlpatterns = [
    path("", home.home, name="home"),
    path("uitnodiging/<str:token>/", invitations.accept, name="invitation"),
    path(
        "uitnodiging/<str:token>/afwijzen/",
        invitations.decline,
        name="invitation_decline",
    ),
    path(f"{org}toestemming/", home.consent, name="consent"),
    path(f"{org}dashboard/", dashboard.dashboard, name="dashboard"),
    path(f"{org}trend/", trend.trend, name="trend"),
    path(f"{org}trend/maandrapport.pdf", trend.report_download, name="report"),
    path(
        f"{org}trend/maandrapport-per-email/",
        trend.report_subscription,
        name="report_subscription",
    ),
    path(f"{org}export.csv", dashboard.export_csv, name="export_csv"),
    path(f"{org}export.xlsx", dashboard.export_xlsx, name="export_xlsx"),
    path(
        f"{org}exports/<int:export_id>/",
        dashboard.export_status,
        name="export_status",
    ),
    path(
        f"{org}exports/<int:export_id>/download/",
        dashboard.export_download,
        name="export_download",
    ),
    path(f"{org}herinneren/", dashboard.remind, name="remind"),
    path(f"{org}certificaten.zip", dashboard.certificates_zip, name="certificates_zip"),
    path(f"{org}personen/<int:membership_id>/", people.person, name="person"),
    path(
        f"{org}personen/<int:membership_id>/wijzigen/",
        people.person_change,
        name="person_change",
    ),
    path(
        f"{org}personen/<int:membership_id>/beeindigen/",
        people.person_end,
        name="person_end",
    ),
    path(f"{org}uitnodigen/", invitations.invite, name="invite"),
    path(
        f"{org}uitnodigingen/<int:invitation_id>/intrekken/",
        invitations.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(f"{org}importeren/", imports.staff_import, name="import"),
    path(
        f"{org}importeren/<int:import_id>/",
        imports.import_status,
        name="import_status",
    ),
    path(
        f"{org}importeren/<int:import_id>/verder/",
        imports.import_resume,
        name="import_resume",
    ),
    path(f"{org}verplichte-training/", settings.requirements, name="requirements"),
    path(
        f"{org}verplichte-training/<int:requirement_id>/verwijderen/",
        settings.requirement_remove,
        name="requirement_remove",
    ),
    path(f"{org}teams/", settings.teams, name="teams"),
]

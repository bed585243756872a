"""Run by ``test_release.py`` as ``python -m tests.training.release_pages`` in a
process with the production settings, after collectstatic and migrate: builds a
small site (a course and a certificate) and fetches the pages a visitor meets
first, and the stylesheets they link to. Prints ``{path: status}`` as JSON.
Not a test module itself."""

import json
import re

import django

PRODUCTION_HOST = "leren.example.org"


def main() -> None:
    django.setup()
    from django.test import Client
    from django.urls import reverse

    from courses.services import enrolment_create
    from demo.site import home_page_ensure
    from tests.factories.certificates import CertificateFactory
    from tests.factories.courses import course_tree_create
    from tests.factories.users import UserFactory

    tree = course_tree_create(home_page_ensure())
    certificate = CertificateFactory(course=tree.course)
    visitor = Client(HTTP_HOST=PRODUCTION_HOST, raise_request_exception=False)
    learner = Client(HTTP_HOST=PRODUCTION_HOST, raise_request_exception=False)
    person = UserFactory()
    enrolment_create(user=person, course=tree.course)
    learner.force_login(person)

    statuses = {}
    paths = [
        "/",
        reverse("account_login"),
        tree.catalogue.url,
        tree.course.url,
        reverse("certificates:verify_form"),
        reverse("certificates:verify", args=[certificate.code]),
        reverse("health"),
    ]
    for path in paths:
        statuses[path] = visitor.get(path, secure=True).status_code
    home_page = learner.get("/", secure=True)
    statuses["/ (signed in)"] = home_page.status_code
    for path in (reverse("courses:my_learning"), tree.lessons[0].url):
        statuses[f"{path} (signed in)"] = learner.get(path, secure=True).status_code
    for stylesheet in re.findall(r'href="(/static/[^"]+\.css)"', home_page.text):
        response = visitor.get(stylesheet, secure=True)
        statuses[stylesheet] = response.status_code
        if hasattr(response, "close"):
            response.close()
    print(json.dumps(statuses))  # noqa: T201 - read by the test


if __name__ == "__main__":
    main()

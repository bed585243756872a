"""The course catalogue: filters by profession and topic, Dutch search, pages.

A signed-in learner first sees the courses for their own profession (the sign-up
form promises it); choosing "Alle beroepen" (an empty ``profession`` in the
query) shows every course. Plain GET forms and links, no JavaScript."""

from django.core.paginator import Paginator
from django.http import QueryDict

from courses.forms import CatalogueFilterForm
from courses.selectors import catalogue_courses
from training.i18n import localized, localized_map
from training.models import Profession

PAGE_SIZE = 12


def _query_with_profession(request) -> tuple[QueryDict, str]:
    """The query, with the learner's profession filled in when the query does not
    name one; and that profession ("" when nothing was filled in)."""
    query = request.GET.copy()
    profession = getattr(request.user, "profession", "")
    if "profession" in query or profession not in Profession.values:
        return query, ""
    query["profession"] = profession
    return query, profession


def catalogue_context(*, request, catalogue) -> dict:
    query, own_profession = _query_with_profession(request)
    form = CatalogueFilterForm(query or None)
    filters = form.filters() if query else {}
    courses = catalogue_courses(catalogue=catalogue, **filters)
    paginator = Paginator(courses, PAGE_SIZE)
    page_obj = paginator.get_page(query.get("pagina"))
    query_without_page = query.copy()
    query_without_page.pop("pagina", None)
    courses_on_page = list(page_obj.object_list)
    translations = localized_map(courses_on_page)
    return {
        "display": localized(catalogue),
        "filter_form": form if query else CatalogueFilterForm(),
        "courses": courses_on_page,
        "course_cards": [
            (course, translations.get(course.pk, course)) for course in courses_on_page
        ],
        "page_obj": page_obj,
        "is_filtered": any(filters.values()) if filters else False,
        "own_profession": Profession(own_profession).label if own_profession else "",
        "query_without_page": query_without_page.urlencode(),
    }

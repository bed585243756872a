"""The course catalogue: filters by profession and topic, Dutch search, pages."""

from django.core.paginator import Paginator

from courses.forms import CatalogueFilterForm
from courses.selectors import catalogue_courses
from training.i18n import localized, localized_map

PAGE_SIZE = 12


def catalogue_context(*, request, catalogue) -> dict:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    courses = catalogue_courses(catalogue=catalogue, **filters)
    paginator = Paginator(courses, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    courses_on_page = list(page_obj.object_list)
    translations = localized_map(courses_on_page)
    return {
        "display": localized(catalogue),
        "filter_form": form if request.GET else CatalogueFilterForm(),
        "courses": courses_on_page,
        "course_cards": [
            (course, translations.get(course.pk, course)) for course in courses_on_page
        ],
        "page_obj": page_obj,
        "is_filtered": any(filters.values()) if filters else False,
        "query_without_page": query_without_page.urlencode(),
    }

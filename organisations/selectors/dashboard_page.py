"""What the dashboard page shows, cached whole (issue 16, national scale): one
page of people with their cells, names and signal cells, the totals and the
signal board's totals, for one set of filters, order and page number.

Built from the cached grid (`grid_cache`), under the same versions and the
members' statuses version, with the course titles (`grid_cache.view_key`); what
it adds is watched too: names (the learner's version), team names (the
organisation's), roles (the member set's), signals (everyone's) and their
recipients and confirmations (the learner's). A warm request then reads one
small entry instead of unpickling every member's cells and counting them again.
Only with a shared cache, as the grid.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.core.paginator import Page, Paginator

from organisations.models import Organisation
from organisations.selectors.dashboard import (
    PER_PAGE,
    Dashboard,
    Filters,
    dashboard_get,
    members_queryset,
)
from organisations.selectors.grid_cache import TIMEOUT, view_key
from organisations.selectors.matrix import columns_for
from organisations.selectors.signals import SignalBoard, signal_board_get


@dataclass(frozen=True)
class DashboardPage:
    board: Dashboard  # without `members`: the page's rows only
    signals: SignalBoard  # cells of the page's rows only


def _page_only(board: Dashboard, signals: SignalBoard) -> DashboardPage:
    """The page without the thousands of rows that are not on it: a page over
    a `range` as long as the list, so the pager still knows every page."""
    page = board.page
    rows = list(page.object_list)
    paginator = Paginator(
        range(page.paginator.count),
        page.paginator.per_page,
        allow_empty_first_page=True,
    )
    shown = {person.membership_id for person in rows}
    return DashboardPage(
        board=replace(board, page=Page(rows, page.number, paginator), members=[]),
        signals=replace(
            signals,
            cells={pk: cells for pk, cells in signals.cells.items() if pk in shown},
        ),
    )


def dashboard_page_get(
    *,
    organisation: Organisation,
    filters: Filters,
    page_number: str | int | None,
    today: datetime.date,
    per_page: int = PER_PAGE,
) -> DashboardPage:
    """The dashboard's page and signal board for these filters and page."""
    columns = columns_for(organisation=organisation)
    key = view_key(
        organisation=organisation,
        columns=columns,
        today=today,
        view=(filters, str(page_number)[:20], per_page),
    )
    if key is not None and (found := cache.get(key)) is not None:
        return found
    board = dashboard_get(
        organisation=organisation,
        filters=filters,
        page_number=page_number,
        today=today,
        per_page=per_page,
        columns=columns,
    )
    signals = signal_board_get(
        organisation=organisation,
        members=members_queryset(
            organisation=organisation, filters=filters, today=board.today
        ),
        columns=board.columns,
        today=board.today,
        people=board.members,
    )
    page = _page_only(board, signals)
    if key is not None:
        cache.set(key, page, TIMEOUT)
    return page

"""Geometry of the scenario map: steps in columns by depth, wrapped into bands.

Steps go in columns by their breadth-first depth from the start (every existing
choice or route target counts); steps the start cannot reach at all form a last
column. A column holds at most ``ROWS_PER_COLUMN`` steps and a band at most
``COLUMNS_PER_BAND`` columns; further columns wrap into bands below. So the width
is bounded and the height grows at most linearly with the number of steps, even
for 500 steps in one chain or one star. Pure Python: no Django.
"""

from assessments.scenarios.engine.analysis import bfs_depths
from assessments.scenarios.engine.definition import Scenario, Step

ROWS_PER_COLUMN = 12
COLUMNS_PER_BAND = 8
MARGIN = 24
LEGEND_HEIGHT = 44
HEADER_HEIGHT = 28
NODE_WIDTH = 210
NODE_HEIGHT = 60
COLUMN_WIDTH = 270
ROW_HEIGHT = 80
BAND_GAP = 28
MIN_WIDTH = 860  # room for the legend

Position = tuple[int, int]  # left, top of a step's box


def columns(
    scenario: Scenario, *, column_label: str, detached_label: str
) -> list[tuple[str, list[Step]]]:
    """Columns of steps with their headers; ``column_label`` has ``%(depth)s``."""
    depths = bfs_depths(scenario)
    layers: dict[int, list[Step]] = {}
    detached: list[Step] = []
    for step in scenario.steps:
        depth = depths.get(step.key)
        (detached if depth is None else layers.setdefault(depth, [])).append(step)
    named = [(column_label % {"depth": d}, layers[d]) for d in sorted(layers)]
    if detached:
        named.append((detached_label, detached))
    return [
        (header, steps[first : first + ROWS_PER_COLUMN])
        for header, steps in named
        for first in range(0, len(steps), ROWS_PER_COLUMN)
    ]


def layout(
    columns: list[tuple[str, list[Step]]],
) -> tuple[dict[str, Position], list[tuple[int, int, str]], int, int]:
    """Box positions by step key, column headers (left, top, text), width, height."""
    positions: dict[str, tuple[int, int]] = {}
    headers: list[tuple[int, int, str]] = []
    top = MARGIN + LEGEND_HEIGHT
    for first in range(0, len(columns), COLUMNS_PER_BAND):
        band = columns[first : first + COLUMNS_PER_BAND]
        for number, (header, steps) in enumerate(band):
            left = MARGIN + number * COLUMN_WIDTH
            headers.append((left, top, header))
            for row, step in enumerate(steps):
                positions[step.key] = (left, top + HEADER_HEIGHT + row * ROW_HEIGHT)
        rows = max(len(steps) for _header, steps in band)
        top += HEADER_HEIGHT + rows * ROW_HEIGHT + BAND_GAP
    shown = min(len(columns), COLUMNS_PER_BAND)
    width = max(MIN_WIDTH, 2 * MARGIN + shown * COLUMN_WIDTH)
    return positions, headers, width, top - BAND_GAP + MARGIN


def curve(source: Position, target: Position) -> str:
    """SVG path data from the right of one box to the left of another."""
    start_x, start_y = source[0] + NODE_WIDTH, source[1] + NODE_HEIGHT // 2
    end_x, end_y = target[0], target[1] + NODE_HEIGHT // 2
    if source == target:
        return (
            f"M{start_x},{start_y - 12} C{start_x + 36},{start_y - 40}"
            f" {start_x + 36},{start_y + 40} {start_x},{start_y + 12}"
        )
    bend = max(40, abs(end_x - start_x) // 2)
    return (
        f"M{start_x},{start_y} C{start_x + bend},{start_y}"
        f" {end_x - bend},{end_y} {end_x},{end_y}"
    )

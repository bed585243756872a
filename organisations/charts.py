"""Geometry of the small bar charts on the trend page: pure, no database.

The templates `organisations/includes/chart_bars.html` draw what this computes
as inline SVG (see docs/decisions.md: hand-made SVG over a chart library). All
coordinates are in the viewBox's units; the SVG scales to its container.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 16, 40  # margins for axis labels
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BASE = TOP + PLOT_H  # y of the zero line


@dataclass(frozen=True)
class Bar:
    label: str  # below the bar
    text: str  # above the bar: the value
    x: float
    width: float
    y: float
    height: float
    part_y: float = 0.0  # a filled lower part (renewals started), 0 when none
    part_height: float = 0.0

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    ident: str  # unique on the page: ids of <title> and <desc>
    title: str
    desc: str
    bars: list[Bar]
    ticks: list[Tick]
    target_y: float | None = None
    target_text: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    base: int = BASE


def _y(value: float, top: float) -> float:
    return round(BASE - PLOT_H * value / top, 1) if top else BASE


def bar_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    points: list[tuple[str, float | None, str]],
    top: float,
    ticks: list[float],
    tick_format: str = "{:g}",
    parts: list[float] | None = None,
    target: float | None = None,
    target_text: str = "",
) -> BarChart:
    """`points` are (label, value or None for no bar, text above the bar);
    `parts` an optional lower part of each bar drawn filled."""
    slot = PLOT_W / max(len(points), 1)
    width = round(slot * 0.64, 1)
    bars = []
    for index, (label, value, text) in enumerate(points):
        x = round(LEFT + slot * index + (slot - width) / 2, 1)
        y = _y(value or 0, top)
        part = parts[index] if parts else 0
        part_y = _y(part, top) if part else 0.0
        bars.append(
            Bar(
                label=label,
                text=text,
                x=x,
                width=width,
                y=y,
                height=round(BASE - y, 1),
                part_y=part_y,
                part_height=round(BASE - part_y, 1) if part else 0.0,
            )
        )
    return BarChart(
        ident=ident,
        title=title,
        desc=desc,
        bars=bars,
        ticks=[Tick(_y(t, top), tick_format.format(t)) for t in ticks],
        target_y=None if target is None else _y(target, top),
        target_text=target_text,
    )


def count_ticks(top: int) -> tuple[int, list[int]]:
    """A rounded axis top for counts and three or four whole ticks."""
    step = max(1, -(-top // 4))
    return step * 4, [step * i for i in range(5)]

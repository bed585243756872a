"""A map of a scenario graph as an accessible SVG string, rendered on the server.

For the admin: steps are boxes in columns by their breadth-first depth from the
start, wrapped into bands so even 500 steps give a bounded width and a height
that grows linearly (``map_layout``; boxes and edges may overlap on
crowded graphs, which is accepted). Edges are curves with arrowheads, dashed for
a conditional route. Endings have a double border. Unreachable steps, dead ends
and steps with no way to an ending get a distinct colour, a patterned stripe and
a written label, so colour is never the only signal. The SVG has ``role="img"``,
a ``<title>`` and a ``<desc>`` that lists the flagged steps; every step and edge
has its own ``<title>`` (tooltip). All text is XML-escaped and stripped of
characters XML cannot hold. Labels default to English; the Django layer passes
translated ``MapLabels``. Pure Python: no Django.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from assessments.scenarios.engine.checks import ValidationReport, validate
from assessments.scenarios.engine.definition import OUTCOMES, Scenario, Step
from assessments.scenarios.engine.map_layout import (
    MARGIN,
    NODE_HEIGHT,
    NODE_WIDTH,
    columns,
    curve,
    layout,
)

TEXT_CHARS = 28
DESC_STEPS_SHOWN = 25

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# kind → (fill, stroke, stroke width, dash pattern, stripe pattern id or "")
_STYLES = {
    "plain": ("#ffffff", "#374151", 1.5, "", ""),
    "ending": ("#ecfdf5", "#047857", 2, "", ""),
    "unreachable": ("#f3f4f6", "#4b5563", 2, "6 4", "unreachable"),
    "no_exit": ("#fff7ed", "#9a3412", 3, "", "no-exit"),
    "dead_end": ("#fef2f2", "#b91c1c", 3, "", "dead-end"),
}
_DEAD_END_CODES = {"dead_end", "dead_end_all_hidden"}
_NO_EXIT_CODES = {"no_path_to_ending", "no_path_to_ending_loop"}


@dataclass(frozen=True, kw_only=True)
class MapLabels:
    """Texts in the map; ``%(name)s`` placeholders as in the defaults."""

    title: str = "Scenario map"
    description: str = (
        "%(steps)s steps, %(endings)s endings, starting at %(start)s. "
        "Unreachable: %(unreachable)s. Dead ends: %(dead_ends)s. "
        "No way to an ending: %(no_exit)s."
    )
    none: str = "none"
    start: str = "Start"
    ending: str = "Ending"
    unreachable: str = "Unreachable"
    dead_end: str = "Dead end"
    no_exit: str = "No way to an ending"
    problems: str = "Errors: %(count)s"
    route: str = "Conditional route"
    column: str = "Depth %(depth)s"
    detached_column: str = "Not connected"
    outcomes: Mapping[str, str] = field(
        default_factory=lambda: {key: key for key in OUTCOMES}
    )


def render_map(
    scenario: Scenario,
    *,
    report: ValidationReport | None = None,
    labels: MapLabels | None = None,
    id_prefix: str = "scenario-map",
) -> str:
    """The SVG document for ``scenario``; ``report`` defaults to ``validate``."""
    report = report if report is not None else validate(scenario)
    labels = labels or MapLabels()
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "scenario-map"
    positions, headers, width, height = layout(
        columns(
            scenario,
            column_label=labels.column,
            detached_label=labels.detached_column,
        )
    )
    index = {step.key: number for number, step in enumerate(scenario.steps)}
    flags = _flags(scenario, report)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" class="scenario-map"'
        f' aria-labelledby="{prefix}-title {prefix}-desc"'
        ' font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{prefix}-title">{_text(labels.title)}</title>',
        f'<desc id="{prefix}-desc">{_text(_description(scenario, flags, labels))}'
        "</desc>",
        _defs(prefix),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *_legend(prefix, labels),
        *(
            f'<text x="{x}" y="{y + 18}" font-weight="bold" fill="#111827">'
            f"{_text(text)}</text>"
            for x, y, text in headers
        ),
        *_edges(scenario, positions, prefix, labels),
        *(
            _node(step, index[step.key], positions[step.key], flags, prefix, labels)
            for step in scenario.steps
        ),
        "</svg>",
    ]
    return "\n".join(parts)


def _flags(scenario: Scenario, report: ValidationReport) -> dict[str, list[str]]:
    """Step key → its marks: start, ending, unreachable, dead_end, no_exit, and
    "error" once per other error about the step."""
    flags: dict[str, list[str]] = {step.key: [] for step in scenario.steps}
    for step in scenario.steps:
        if step.key == scenario.start:
            flags[step.key].append("start")
        if step.is_ending:
            flags[step.key].append("ending")
    for problem in report.problems:
        marks = flags.get(problem.step or "")
        if marks is None:
            continue
        if problem.code == "unreachable":
            marks.append("unreachable")
        elif problem.code in _DEAD_END_CODES:
            marks.append("dead_end")
        elif problem.code in _NO_EXIT_CODES:
            marks.append("no_exit")
        elif problem.severity == "error":
            marks.append("error")
    return flags


def _description(
    scenario: Scenario, flags: dict[str, list[str]], labels: MapLabels
) -> str:
    def listed(mark: str) -> str:
        steps = [s for s in scenario.steps if mark in flags[s.key]]
        shown = [f"{s.key} ({s.title})" for s in steps[:DESC_STEPS_SHOWN]]
        more = ["…"] if len(steps) > DESC_STEPS_SHOWN else []
        return "; ".join(shown + more) or labels.none

    return labels.description % {
        "steps": len(scenario.steps),
        "endings": sum(step.is_ending for step in scenario.steps),
        "start": scenario.start,
        "unreachable": listed("unreachable"),
        "dead_ends": listed("dead_end"),
        "no_exit": listed("no_exit"),
    }


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5"'
        ' markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#4b5563"/></marker>'
        f'<pattern id="{prefix}-unreachable" width="8" height="8"'
        ' patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#d1d5db"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#4b5563" stroke-width="3"/>'
        "</pattern>"
        f'<pattern id="{prefix}-dead-end" width="8" height="8"'
        ' patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#fecaca"/>'
        '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#b91c1c" stroke-width="2"/>'
        "</pattern>"
        f'<pattern id="{prefix}-no-exit" width="6" height="6"'
        ' patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fed7aa"/>'
        '<circle cx="3" cy="3" r="1.6" fill="#9a3412"/>'
        "</pattern>"
        "</defs>"
    )


def _legend(prefix: str, labels: MapLabels) -> Iterator[str]:
    items = [
        ("start", labels.start),
        ("ending", labels.ending),
        ("unreachable", labels.unreachable),
        ("dead_end", labels.dead_end),
        ("no_exit", labels.no_exit),
    ]
    left, top = MARGIN, MARGIN
    for kind, text in items:
        yield from _box(
            left,
            top,
            28,
            18,
            kind,
            prefix,
            start=kind == "start",
            ending=kind == "ending",
        )
        yield (
            f'<text x="{left + 36}" y="{top + 13}" fill="#111827">{_text(text)}</text>'
        )
        left += 36 + 7 * len(text) + 24
    yield (
        f'<path d="M{left},{top + 9} h34" stroke="#6d28d9" stroke-width="1.5"'
        f' stroke-dasharray="5 3" fill="none" marker-end="url(#{prefix}-arrow)"/>'
    )
    yield (
        f'<text x="{left + 44}" y="{top + 13}" fill="#111827">'
        f"{_text(labels.route)}</text>"
    )


def _box(
    left: int,
    top: int,
    width: int,
    height: int,
    kind: str,
    prefix: str,
    *,
    start: bool = False,
    ending: bool = False,
) -> Iterator[str]:
    fill, stroke, stroke_width, dash, stripe = _STYLES.get(kind, _STYLES["plain"])
    if start:
        stroke, stroke_width = "#1d4ed8", 3.5
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    yield (
        f'<rect x="{left}" y="{top}" width="{width}" height="{height}" rx="6"'
        f' fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"{dashes}/>'
    )
    if ending:  # a double border, whatever else marks the step
        yield (
            f'<rect x="{left + 3}" y="{top + 3}" width="{width - 6}"'
            f' height="{height - 6}" rx="4" fill="none" stroke="{stroke}"/>'
        )
    if stripe:
        yield (
            f'<rect x="{left + 1}" y="{top + 1}" width="{min(12, width // 2)}"'
            f' height="{height - 2}" fill="url(#{prefix}-{stripe})"/>'
        )


def _node(
    step: Step,
    number: int,
    position: tuple[int, int],
    flags: dict[str, list[str]],
    prefix: str,
    labels: MapLabels,
) -> str:
    left, top = position
    marks = flags[step.key]
    kind = next(
        (k for k in ("dead_end", "no_exit", "unreachable", "ending") if k in marks),
        "plain",
    )
    outcome = labels.outcomes.get(step.outcome, step.outcome)
    badges = [
        text
        for mark, text in (
            ("dead_end", labels.dead_end),
            ("no_exit", labels.no_exit),
            ("unreachable", labels.unreachable),
            ("start", labels.start),
            ("ending", labels.ending + (f" ({outcome})" if outcome else "")),
        )
        if mark in marks
    ]
    errors = marks.count("error")
    if errors:
        badges.append(labels.problems % {"count": errors})
    classes = " ".join(["step", *sorted(f"step--{mark}" for mark in set(marks))])
    tooltip = " — ".join([f"{step.key}: {step.title}", *badges])
    box = "".join(
        _box(
            left,
            top,
            NODE_WIDTH,
            NODE_HEIGHT,
            kind,
            prefix,
            start="start" in marks,
            ending="ending" in marks,
        )
    )
    text_left = left + 18
    return (
        f'<g id="{prefix}-step-{number}" class="{classes}">'
        f"<title>{_text(tooltip)}</title>{box}"
        f'<text x="{text_left}" y="{top + 18}" font-weight="bold" fill="#111827">'
        f"{_text(_short(step.key))}</text>"
        f'<text x="{text_left}" y="{top + 35}" fill="#111827">'
        f"{_text(_short(step.title))}</text>"
        f'<text x="{text_left}" y="{top + 52}" font-size="11" fill="#111827">'
        f"{_text(_short(' · '.join(badges), TEXT_CHARS + 6))}</text>"
        "</g>"
    )


def _edges(
    scenario: Scenario,
    positions: dict[str, tuple[int, int]],
    prefix: str,
    labels: MapLabels,
) -> Iterator[str]:
    for step in scenario.steps:
        for choice in step.choices:
            targets = [(choice.target, False)]
            targets += [(route.target, True) for route in choice.routes]
            for target, is_route in targets:
                if target not in positions:
                    continue
                name = f"{step.key} → {target}: {choice.key} ({choice.text})"
                if is_route:
                    name = f"{labels.route}. {name}"
                style = (
                    ' stroke="#6d28d9" stroke-dasharray="5 3" class="edge edge--route"'
                    if is_route
                    else ' stroke="#4b5563" class="edge"'
                )
                yield (
                    f'<path d="{curve(positions[step.key], positions[target])}"'
                    f'{style} stroke-width="1.5" fill="none"'
                    f' marker-end="url(#{prefix}-arrow)">'
                    f"<title>{_text(_short(name, 120))}</title></path>"
                )


def _short(text: str, limit: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))

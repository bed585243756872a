"""Condition-aware graph analysis of a scenario, shared by the validator and the map.

Interval reasoning: at run time a variable starts at ``start`` and only changes by a
choice's effect, after which it is clamped to ``[min, max]``. So its value always
lies in ``value_range``: from ``min`` (or ``start`` when no effect lowers it) to
``max`` (or ``start`` when no effect raises it). Every variable is treated as
independent and free to take any whole number in its interval, whatever the step
and the path; this over-approximates what can really happen, which makes each
conclusion below safe in one direction:

- ``never``: the condition fails for every value in the interval, so it fails at
  run time. An edge guarded by it is left out of the graph.
- ``always``: it holds for every value, so it holds at run time.
- ``sometimes``: anything else (it may still never hold at a particular step).

Reachability and "can reach an ending" use the remaining edges (choice targets and
route targets, with the default target dropped after a route that always holds;
endings have no outgoing edges because the runtime refuses choices there). A step
called unreachable is truly unreachable; a step called unable to reach an ending
truly is. With no effects every interval is a single value and both answers are
exact. Each pass is O(steps + edges). Pure Python: no Django.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from assessments.scenarios.engine.definition import Choice, Condition, Scenario

NEVER = "never"
SOMETIMES = "sometimes"
ALWAYS = "always"

Interval = tuple[int, int]  # inclusive whole numbers


def value_ranges(scenario: Scenario) -> dict[str, Interval]:
    """The interval each declared variable stays in at run time (see module doc)."""
    raised: set[str] = set()
    lowered: set[str] = set()
    changed: set[str] = set()
    for step in scenario.steps:
        for choice in step.choices:
            for name, amount in choice.effects:
                changed.add(name)
                if amount > 0:
                    raised.add(name)
                elif amount < 0:
                    lowered.add(name)
    ranges: dict[str, Interval] = {}
    for variable in scenario.variables:
        name, start = variable.name, variable.start
        if variable.min <= start <= variable.max:
            ranges[name] = (
                variable.min if name in lowered else start,
                variable.max if name in raised else start,
            )
        elif name in changed:  # invalid declaration: stay generous
            ranges[name] = (
                min(start, variable.min, variable.max),
                max(start, variable.min, variable.max),
            )
        else:
            ranges[name] = (start, start)
    return ranges


def satisfying(condition: Condition, interval: Interval) -> list[Interval]:
    """The parts of ``interval`` where ``condition`` holds (whole numbers)."""
    low, high = interval
    op, value = condition.op, condition.value
    if op == "!=":
        parts = [(low, value - 1), (value + 1, high)]
    elif op == "==":
        parts = [(value, value)]
    elif op[0] == "<":
        parts = [(low, value - 1 if op == "<" else value)]
    else:
        parts = [(value + 1 if op == ">" else value, high)]
    clipped = [(max(low, start), min(high, end)) for start, end in parts]
    return [(start, end) for start, end in clipped if start <= end]


def first_uncovered(parts: Iterable[Interval], interval: Interval) -> int | None:
    """The lowest whole number of ``interval`` outside every part, if any."""
    current, high = interval
    for start, end in sorted(parts):
        if start > current:
            break
        current = max(current, end + 1)
    return current if current <= high else None


@dataclass(frozen=True, kw_only=True)
class Analysis:
    ranges: Mapping[str, Interval]  # variable → values it can take at run time
    # Usable edges per step key: (choice, target) with the target an existing step.
    edges: Mapping[str, tuple[tuple[Choice, str], ...]]
    reachable: frozenset[str]  # steps reachable from the start over usable edges
    finishing: frozenset[str]  # steps from which some ending is reachable
    # Steps where some usable choice or route condition is "sometimes".
    varying: frozenset[str]
    verdicts: dict[Condition, str] = field(default_factory=dict, repr=False)

    def classify(self, condition: Condition | None) -> str:
        """``never``, ``sometimes`` or ``always``; no condition always holds."""
        if condition is None:
            return ALWAYS
        verdict = self.verdicts.get(condition)
        if verdict is None:
            verdict = self.verdicts[condition] = classify(condition, self.ranges)
        return verdict


def classify(condition: Condition, ranges: Mapping[str, Interval]) -> str:
    """``never``, ``sometimes`` or ``always`` for the values in ``ranges``.

    A condition on an undeclared variable never holds, as at run time.
    """
    interval = ranges.get(condition.variable)
    if interval is None:
        return NEVER
    covered = sum(end - start + 1 for start, end in satisfying(condition, interval))
    if covered == 0:
        return NEVER
    return ALWAYS if covered == interval[1] - interval[0] + 1 else SOMETIMES


def analyse(scenario: Scenario) -> Analysis:
    ranges = value_ranges(scenario)
    verdicts: dict[Condition, str] = {}
    judge = Analysis(
        ranges=ranges,
        edges={},
        reachable=frozenset(),
        finishing=frozenset(),
        varying=frozenset(),
        verdicts=verdicts,
    ).classify
    known = scenario.steps_by_key
    edges: dict[str, tuple[tuple[Choice, str], ...]] = {}
    varying: set[str] = set()
    for step in scenario.steps:
        out: list[tuple[Choice, str]] = []
        for choice in () if step.is_ending else step.choices:
            kind = judge(choice.condition)
            if kind == NEVER:
                continue
            targets, routes_vary = _targets(choice, judge)
            if kind == SOMETIMES or routes_vary:
                varying.add(step.key)
            out.extend((choice, target) for target in targets if target in known)
        edges[step.key] = tuple(out)
    reachable: set[str] = set()
    if scenario.start in known:
        reachable = _closure([scenario.start], edges)
    backwards: dict[str, list[str]] = {key: [] for key in known}
    for source, out in edges.items():
        for _choice, target in out:
            backwards[target].append(source)
    endings = [step.key for step in scenario.steps if step.is_ending]
    return Analysis(
        ranges=ranges,
        edges=edges,
        reachable=frozenset(reachable),
        finishing=frozenset(_closure(endings, backwards)),
        varying=frozenset(varying),
        verdicts=verdicts,
    )


def _targets(
    choice: Choice, judge: Callable[[Condition], str]
) -> tuple[list[str], bool]:
    """Targets the choice can lead to, and whether a route condition varies."""
    targets: list[str] = []
    varies = False
    for route in choice.routes:
        kind = judge(route.condition)
        if kind == NEVER:
            continue
        targets.append(route.target)
        if kind == ALWAYS:
            return targets, varies
        varies = True
    targets.append(choice.target)
    return targets, varies


def _closure(roots: Iterable[str], successors: Mapping[str, Iterable]) -> set[str]:
    """Keys reachable from ``roots``; successors are keys or (choice, key) pairs."""
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for item in successors[queue.popleft()]:
            key = item if isinstance(item, str) else item[1]
            if key not in seen:
                seen.add(key)
                queue.append(key)
    return seen


def loops_among(
    keys: list[str], successors: Callable[[str], Iterable[str]]
) -> dict[str, list[str]]:
    """Key → the keys of its loop, for keys on a cycle that stays within ``keys``.

    Tarjan's strongly connected components, iterative, O(keys + edges); a loop's
    keys are listed in the order of ``keys``.
    """
    members = set(keys)
    position = {key: number for number, key in enumerate(keys)}

    def inside(key: str) -> Iterator[str]:
        return (target for target in successors(key) if target in members)

    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: dict[str, list[str]] = {}
    for root in keys:
        if root in index:
            continue
        index[root] = lowest[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, inside(root))]
        while work:
            key, pending = work[-1]
            for target in pending:
                if target not in index:
                    index[target] = lowest[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, inside(target)))
                    break
                if target in on_stack:
                    lowest[key] = min(lowest[key], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[key])
                if lowest[key] == index[key]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == key:
                            break
                    if len(component) > 1 or key in inside(key):
                        component.sort(key=position.__getitem__)
                        loops.update(dict.fromkeys(component, component))
    return loops


def bfs_depths(scenario: Scenario) -> dict[str, int]:
    """Structural depth of each step from the start: every existing target counts."""
    known = scenario.steps_by_key
    if scenario.start not in known:
        return {}
    depths = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        key = queue.popleft()
        for choice in known[key].choices:
            for target in (choice.target, *(route.target for route in choice.routes)):
                if target in known and target not in depths:
                    depths[target] = depths[key] + 1
                    queue.append(target)
    return depths

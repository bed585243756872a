"""Benchmark: validating a 500-step scenario graph, against a copy baseline.

Run ``python bench/scenario_validation.py [--runs N] [--steps N] [--seed N]``.
It generates branching scenarios (three variables, conditions on choices, routes,
effects, skill tags; an acyclic one and one with loops), then measures in the same
run the median time of:

- baseline: ``copy.deepcopy`` of the definition (what merely touching it costs);
- ``parse_definition``;
- ``validate`` (every check, including the score range);
- ``render_map`` (the admin's SVG map).

and prints each median with its ratio to the baseline. The issue's bar is
"validation of a 500-step graph well under a second".
"""

import argparse
import copy
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.scenarios.engine import parse_definition, validate
from assessments.scenarios.engine.map import render_map

SKILLS = ["open_vraag", "bevestiging", "reflectie", "samenvatting", "de_escalatie"]
VARIABLES = ["vertrouwen", "veiligheid", "stigma"]
OPERATORS = ["<", "<=", "==", "!=", ">=", ">"]


def generate(*, steps: int, seed: int, loops: bool) -> dict:
    """A scenario of ``steps`` steps; one in ten is an ending."""
    rng = random.Random(seed)
    keys = [f"s{number}" for number in range(steps)]
    endings = set(keys[9::10]) | {keys[-1]}

    def condition() -> dict:
        return {
            "variable": rng.choice(VARIABLES),
            "op": rng.choice(OPERATORS),
            "value": rng.randint(0, 5),
        }

    def target(number: int) -> str:
        if loops and rng.random() < 0.2:
            return rng.choice(keys)
        return rng.choice(keys[number + 1 : number + 30] or keys[-1:])

    result = []
    for number, key in enumerate(keys):
        step = {
            "key": key,
            "title": f"Stap {number}",
            "speaker": "Sem",
            "text": "<p>…</p>",
        }
        if key in endings:
            result.append(step | {"is_ending": True, "outcome": "neutral"})
            continue
        choices = []
        for index in range(rng.randint(2, 4)):
            choice = {
                "key": f"c{index}",
                "text": f"Keuze {index}",
                "target": target(number),
                "points": rng.randint(0, 2),
                "skills": rng.sample(SKILLS, rng.randint(0, 2)),
                "effects": {rng.choice(VARIABLES): rng.choice([-1, 1])},
                "feedback": "Feedback",
            }
            if index and rng.random() < 0.3:
                choice["condition"] = condition()
            if rng.random() < 0.2:
                choice["routes"] = [
                    {"condition": condition(), "target": target(number)}
                ]
            choices.append(choice)
        result.append(step | {"choices": choices})
    return {
        "schema_version": 1,
        "start": keys[0],
        "pass_threshold": 0.6,
        "max_points": 2,
        "allow_back": False,
        "variables": [
            {"name": name, "label": name, "start": 2, "min": 0, "max": 5}
            for name in VARIABLES
        ],
        "steps": result,
    }


def median_ms(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def measure(definition: dict, runs: int) -> list[tuple[str, float]]:
    """Median milliseconds of the baseline and of each stage, for one definition."""
    scenario = parse_definition(definition)
    report = validate(scenario)
    return [
        ("baseline deepcopy", median_ms(lambda: copy.deepcopy(definition), runs)),
        ("parse_definition", median_ms(lambda: parse_definition(definition), runs)),
        ("validate", median_ms(lambda: validate(scenario), runs)),
        ("render_map", median_ms(lambda: render_map(scenario, report=report), runs)),
    ]


def describe(definition: dict) -> str:
    scenario = parse_definition(definition)
    report = validate(scenario)
    choices = sum(len(step.choices) for step in scenario.steps)
    scores = report.score_range
    shown = "none"
    if scores is not None:
        how = "exact" if scores.exact else "bound"
        shown = f"{scores.low:.3f}–{scores.high:.3f} ({how})"
    return (
        f"{len(scenario.steps)} steps, {choices} choices, {len(report.errors)} "
        f"errors, {len(report.warnings)} warnings, score range {shown}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    out = sys.stdout
    out.write(
        f"scenario validation: {options.steps} steps, median of {options.runs} "
        f"runs, Python {sys.version.split()[0]}\n"
    )
    for loops in (False, True):
        definition = generate(steps=options.steps, seed=options.seed, loops=loops)
        out.write(f"\n{'with loops' if loops else 'acyclic'}: {describe(definition)}\n")
        rows = measure(definition, options.runs)
        baseline = rows[0][1]
        for name, value in rows:
            ratio = value / baseline
            out.write(f"  {name:<18} {value:8.2f} ms  {ratio:6.2f}× baseline\n")


if __name__ == "__main__":
    main()

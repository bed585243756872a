"""Tests of the server-rendered SVG map of a scenario graph."""

import random
import xml.etree.ElementTree as ET

from assessments.scenarios.engine import parse_definition, validate
from assessments.scenarios.engine.map import MapLabels, render_map
from assessments.scenarios.engine.map_layout import (
    COLUMN_WIDTH,
    COLUMNS_PER_BAND,
    MARGIN,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(svg):
    # Our own output, parsed to check it is well-formed XML.
    return ET.fromstring(svg)  # noqa: S314


def definition(*steps, start="s1"):
    return {
        "schema_version": 1,
        "start": start,
        "pass_threshold": 0,
        "max_points": 2,
        "variables": [{"name": "v", "start": 0, "min": 0, "max": 3}],
        "steps": list(steps),
    }


def step(key, *targets, title=None, **extra):
    choices = [
        {"key": f"c{number}", "text": f"Go to {target}", "target": target}
        for number, target in enumerate(targets)
    ]
    return {"key": key, "title": title or f"Title {key}", "choices": choices, **extra}


def end(key, title=None):
    return {
        "key": key,
        "title": title or f"End {key}",
        "is_ending": True,
        "outcome": "neutral",
    }


def render(*steps, **kwargs):
    parsed = parse_definition(definition(*steps))
    return render_map(parsed, **kwargs)


def groups_by_class(root, css_class):
    return [
        group
        for group in root.iter(f"{SVG}g")
        if css_class in group.get("class", "").split()
    ]


def group_text(group):
    return " ".join(text for text in group.itertext())


def flawed_map():
    return render(
        step("s1", "s2", "dead", title="Begin"),
        step("s2", "e"),
        step("dead", title="Geen uitweg"),
        step("lonely", "e", title="Niemand komt hier"),
        end("e", title="Einde"),
    )


def test_render_map_gives_parseable_svg_with_title_desc_and_role():
    root = parse_svg(flawed_map())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "lonely (Niemand komt hier)" in desc.text
    assert "dead (Geen uitweg)" in desc.text


def test_render_map_contains_every_step_title():
    svg = flawed_map()
    for title in ("Begin", "Title s2", "Geen uitweg", "Niemand komt hier", "Einde"):
        assert title in svg
    root = parse_svg(svg)
    assert len(groups_by_class(root, "step")) == 5


def test_render_map_marks_unreachable_and_dead_end_with_distinct_class_and_text():
    root = parse_svg(flawed_map())
    [unreachable] = groups_by_class(root, "step--unreachable")
    [dead_end] = groups_by_class(root, "step--dead_end")
    assert "Niemand komt hier" in group_text(unreachable)
    assert "Unreachable" in group_text(unreachable)
    assert "Geen uitweg" in group_text(dead_end)
    assert "Dead end" in group_text(dead_end)
    # A patterned stripe besides the colour, a different one for each.
    fills = [
        {rect.get("fill") for rect in group.iter(f"{SVG}rect")}
        for group in (unreachable, dead_end)
    ]
    patterns = [{fill for fill in f if fill.startswith("url(")} for f in fills]
    assert patterns[0]
    assert patterns[1]
    assert patterns[0] != patterns[1]
    plain = groups_by_class(root, "step")[1]  # s2
    assert not any(
        rect.get("fill", "").startswith("url(") for rect in plain.iter(f"{SVG}rect")
    )


def test_render_map_marks_loops_without_exit_and_draws_endings_distinct():
    root = parse_svg(
        render(step("s1", "s2", "e"), step("s2", "s3"), step("s3", "s2"), end("e"))
    )
    assert len(groups_by_class(root, "step--no_exit")) == 2
    [ending] = groups_by_class(root, "step--ending")
    assert len(list(ending.iter(f"{SVG}rect"))) == 2  # double border
    assert "Ending" in group_text(ending)


def test_render_map_escapes_markup_in_titles_and_texts():
    svg = render(
        step("s1", "e", title="<script>alert('x')</script> & co"),
        end("e", title='"quoted" ]]> end'),
    )
    root = parse_svg(svg)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert not list(root.iter(f"{SVG}script"))
    assert "<script>alert('x')</script> & co" in "".join(root.itertext())


def test_render_map_drops_characters_xml_cannot_hold():
    svg = render(step("s1", "e", title="bell\x07 and nul\x00"), end("e"))
    assert "bell and nul" in "".join(parse_svg(svg).itertext())


def test_render_map_draws_an_edge_with_arrowhead_per_target_and_route():
    parsed = parse_definition(
        definition(
            {
                "key": "s1",
                "title": "Begin",
                "choices": [
                    {
                        "key": "c1",
                        "text": "Vraag",
                        "target": "e1",
                        "effects": {"v": 1},
                        "routes": [
                            {
                                "condition": {"variable": "v", "op": ">", "value": 0},
                                "target": "e2",
                            }
                        ],
                    }
                ],
            },
            end("e1"),
            end("e2"),
        )
    )
    root = parse_svg(render_map(parsed))
    edges = [p for p in root.iter(f"{SVG}path") if "edge" in p.get("class", "")]
    assert len(edges) == 2
    assert all(edge.get("marker-end", "").startswith("url(#") for edge in edges)
    assert sum("edge--route" in edge.get("class") for edge in edges) == 1


def test_render_map_uses_given_labels_and_id_prefix():
    labels = MapLabels(title="Scenariokaart", unreachable="Onbereikbaar")
    root = parse_svg(
        render(step("s1", "e"), end("e"), end("x"), labels=labels, id_prefix="k 1")
    )
    assert root.find(f"{SVG}title").text == "Scenariokaart"
    assert root.find(f"{SVG}title").get("id") == "k-1-title"
    assert "Onbereikbaar" in group_text(groups_by_class(root, "step--unreachable")[0])


def test_render_map_reuses_a_given_report():
    parsed = parse_definition(definition(step("s1", "e"), end("e")))
    report = validate(parsed)
    assert render_map(parsed, report=report) == render_map(parsed)


def test_render_map_handles_missing_start_and_missing_targets():
    root = parse_svg(render(step("s0", "nowhere"), end("e")))
    assert len(groups_by_class(root, "step")) == 2


def test_render_map_keeps_500_steps_within_bounded_size():
    rng = random.Random(5)
    keys = [f"s{number}" for number in range(500)]
    chain = [step(key, keys[n + 1]) for n, key in enumerate(keys[:-1])]
    chain.append(end(keys[-1]))
    star = [step("s0", *keys[1:])]
    star += [end(key) for key in keys[1:]]
    tangle = [
        step(key, *rng.sample(keys, 3)) if n % 10 else end(key)
        for n, key in enumerate(keys)
    ]
    tangle[0] = step("s0", *rng.sample(keys, 3))
    for steps in (chain, star, tangle):
        parsed = parse_definition(definition(*steps, start=steps[0]["key"]))
        svg = render_map(parsed)
        root = parse_svg(svg)
        width, height = int(root.get("width")), int(root.get("height"))
        assert width <= 2 * MARGIN + COLUMNS_PER_BAND * COLUMN_WIDTH
        assert height <= 500 * 80 // 2  # far below one row per step
        assert len(groups_by_class(root, "step")) == 500
        assert len(svg) < 2_000_000

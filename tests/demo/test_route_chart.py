"""The demo's route-of-use chart shows the QuickScan's order, not proportions
(issue 14, minor list): every bar is equally long and carries its rank, in the
Dutch and the English chart."""

import io

import pytest
from PIL import Image

from demo.loaders.media import (
    ROUTES,
    ROUTES_EN,
    ROUTES_EN_HEADING,
    ROUTES_HEADING,
    _route_image,
)

BAR = (0x0B, 0x4F, 0x6C)


def _bar_lengths(png: bytes) -> list[int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    lengths = []
    in_bar = False
    for y in range(height):
        row = [x for x in range(width) if image.getpixel((x, y)) == BAR]
        if row and not in_bar:
            lengths.append(max(row) - min(row))
        in_bar = bool(row)
    return lengths


@pytest.mark.parametrize(
    ("heading", "routes"), [(ROUTES_HEADING, ROUTES), (ROUTES_EN_HEADING, ROUTES_EN)]
)
def test_every_route_bar_is_equally_long(heading, routes):
    lengths = _bar_lengths(_route_image(heading, routes))
    assert len(lengths) == len(routes)
    assert len(set(lengths)) == 1, lengths

"""Which characters a PDF really draws: for every embedded font, the glyph its
ToUnicode map gives each character must exist in the embedded (subset) font. A
character that no installed font covers comes out as .notdef or as Pango's
"unknown glyph", a glyph id past the end of the subset: an empty box on paper.
(Colour emoji have no outlines: WeasyPrint draws their bitmaps as images.)"""

import io
import re

import pikepdf
from fontTools.ttLib import TTFont

_MAPPING = re.compile(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")


def drawn_characters(pdf_bytes: bytes) -> dict[str, bool]:
    """Each character in the PDF's text and whether a font draws it."""
    drawn: dict[str, bool] = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                embedded = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
                count = len(embedded.getGlyphOrder())
                cmap = font.ToUnicode.read_bytes().decode("ascii")
                for glyph_hex, text_hex in _MAPPING.findall(cmap):
                    glyph = int(glyph_hex, 16)
                    text = bytes.fromhex(text_hex).decode("utf-16-be")
                    drawn[text] = drawn.get(text, False) or 0 < glyph < count
    return drawn

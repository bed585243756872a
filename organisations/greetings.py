"""What of a manager's free text may stand in an email to someone else.

A manager types the first name an invitation greets with. Anything that is not
plausibly a name (a link, a sentence, digits) would turn our email into the
manager's message to any address, so the greeting then falls back to
"Beste collega,". Pure functions, no Django.
"""

import re

MAX_NAME_CHARS = 40
# Letters of any script, joined by single spaces, hyphens, apostrophes or dots:
# "Anne-Marie", "D'Angelo", "J.", "Ngọc Anh".
NAME_SHAPE = re.compile(r"[^\W\d_]+(?:[ '’.-][^\W\d_]+)*\.?")


def greeting_name(first_name: str) -> str:
    """`first_name` when it can be a first name, else "" (greet generically)."""
    name = " ".join(first_name.split())
    if not name or len(name) > MAX_NAME_CHARS or not NAME_SHAPE.fullmatch(name):
        return ""
    return name

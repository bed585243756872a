"""A question snapshot in the learner's language: pure functions.

Grading goes by the source question (keys, correct flags, weights); a translation
only replaces what the learner reads. Part keys are the link: a translation made
with ``copy_for_translation`` keeps them, and a part the translation lacks keeps
the source's text rather than disappearing from the attempt.
"""

TEXT_FIELDS = (
    "text",
    "explanation",
    "sources",
    "feedback_correct",
    "feedback_incorrect",
)
PART_TEXT_FIELDS = {
    "options": ("text", "feedback"),
    "items": ("text",),
    "pairs": ("prompt", "match"),
}


def snapshot_translated(source: dict, translation: dict, *, language: str) -> dict:
    """``source`` (a question snapshot) with the texts of ``translation`` (the
    snapshot of its translation). Short answers accept the answers of both
    languages; everything that grading reads comes from ``source``."""
    shown = dict(source)
    for field in TEXT_FIELDS:
        if translation.get(field):
            shown[field] = translation[field]
    for relation, fields in PART_TEXT_FIELDS.items():
        if relation not in source:
            continue
        translated = {part["key"]: part for part in translation.get(relation, [])}
        shown[relation] = [
            {
                **part,
                **{
                    field: translated[part["key"]][field]
                    for field in fields
                    if translated.get(part["key"], {}).get(field)
                },
            }
            for part in source[relation]
        ]
    if "accepted_answers" in source:
        shown["accepted_answers"] = list(
            dict.fromkeys(
                source["accepted_answers"] + translation.get("accepted_answers", [])
            )
        )
    shown["language"] = language
    return shown

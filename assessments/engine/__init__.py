"""The quiz engine: pure rules for grading answers, checking questions, allowing
attempts and analysing items, free of Django and the database.

Services and views of the quiz app call these modules with the snapshot shapes of
docs/schemas.md; they never import a model. The scenario engine lives beside its
app, in ``assessments.scenarios.engine``.
"""

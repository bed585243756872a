"""Learner-facing views of courses: catalogue, course page, lesson, my learning."""

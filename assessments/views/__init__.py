"""Learner views for quizzes; the admin views live in ``assessments.admin_views``."""

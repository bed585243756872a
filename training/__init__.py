"""Bijblijven: the project package and site app (users, home page, shared blocks)."""

"""Loaders that turn the YAML under ``demo/content/`` into pages and snippets.

Every loader is idempotent: it finds existing objects by slug or key, leaves them
alone when nothing changed and saves a new published revision when something did.
"""

"""The HR API: a versioned REST API (/api/v1/) through which an organisation's own
systems read its people, their compliance, certificates and enrolments, and add,
update or end memberships; with per-organisation API keys managed by the
organisation's administrators."""

"""Names of the LTI 1.3 claims we read, and pure helpers over a launch's claims."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
CUSTOM = LTI + "custom"
ROLES = LTI + "roles"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# the custom parameter a deep-linked resource carries (and its target link query)
COURSE_PARAMETER = "bijblijven_course"

# Roles that may place a course (deep linking): context and institution roles.
PLACING_ROLES = ("#Instructor", "#Administrator", "#ContentDeveloper")


def course_id_of(claims: dict) -> int | None:
    """The course a resource launch asks for: our custom parameter, else the
    query of the target link URI (a link typed in by hand)."""
    value = (claims.get(CUSTOM) or {}).get(COURSE_PARAMETER)
    if not value:
        query = parse_qs(urlsplit(claims.get(TARGET_LINK_URI) or "").query)
        value = (query.get(COURSE_PARAMETER) or [""])[0]
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may_place_courses(claims: dict) -> bool:
    return any(role.endswith(PLACING_ROLES) for role in claims.get(ROLES) or [])


def score_lineitem_of(claims: dict) -> tuple[str, list[str]] | None:
    """The line item to post the result to, with its scopes, when the platform
    allows posting scores."""
    endpoint = claims.get(AGS_ENDPOINT) or {}
    scopes = list(endpoint.get("scope") or [])
    if endpoint.get("lineitem") and SCORE_SCOPE in scopes:
        return endpoint["lineitem"], scopes
    return None

"""Sample identifiers shared by the certificate tests."""

ISSUER_ID = "https://bijblijven.example/openbadges/issuer"
KEY_ID = "https://bijblijven.example/openbadges/issuer/keys/1"
VERIFY_URL = "https://bijblijven.example/verify/K7QF-3M9X-WT2P-8HDA/"

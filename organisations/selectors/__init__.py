"""Reads for organisations, one module per concern: `access` (who may see what),
`dashboard` (the compliance matrix), `people` (a person's history). Import from the
module; this package re-exports nothing."""

"""State changes of organisations, one module per concern: `memberships`,
`requirements`, `invitations`, `staff_import`, `consent`, `reminders`, `audit`.
Import from the module (this package re-exports nothing)."""

"""State changes of certificates, one module per concern: `issue`, `render`,
`revoke`, `renewal`, `content_updates`, `reminders`, `keys`, `exports`. Import from
the module (this package re-exports nothing, which keeps imports acyclic)."""

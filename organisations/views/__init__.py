"""Views of the managers' area (/organisatie/<id>/...) and the learners' pages
(invitations, consent). Each manager view gets its organisation only through
`selectors.access.managed_membership_get`, which answers 404 to anyone else."""

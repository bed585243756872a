"""Public verification, the learner's certificate pages and the published Open
Badges documents. Views parse the request, call a selector or service, render."""

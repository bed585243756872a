"""Settings packages: ``base`` wires everything from the environment; ``dev``, ``test``
and ``production`` only flip toggles."""

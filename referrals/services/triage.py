"""The triage workflow: transitions, assignment, notes."""

__all__: list[str] = []

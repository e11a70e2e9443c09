"""What a service says when the workflow (or the rules of the work) refuse a change.

Below the services and the rules that raise them, so a rule never imports a service.
"""

__all__ = ["ConcurrentChangeError", "WorkflowError"]


class WorkflowError(Exception):
    """A change the workflow does not allow. The message is safe to show to the officer."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentChangeError(WorkflowError):
    pass

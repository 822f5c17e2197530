"""Errors raised by the SDK; messages name the steps involved so a log says what to fix."""


class OrchestError(Exception):
    """Base class of every SDK error."""


class StepContextError(OrchestError):
    """The SDK runs outside a pipeline step (an ORCHEST_* environment variable is missing)."""


class OutputNotFoundError(OrchestError):
    """A parent step has no output on disk (it did not call orchest.output, or never ran)."""


class InputNameCollisionError(OrchestError):
    """Two parent steps used the same output name."""


class InvalidNameError(OrchestError):
    """An output name that cannot be used (e.g. the reserved "unnamed")."""

"""The one base of the domain exceptions: what a rule refuses, with a message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A step the rules do not allow; `str(error)` is the message for the user, translated.

    Each app subclasses it (WorkflowError, AgreementError, PromiseError, ReportError,
    ImportFileError, …), so that a view shows any of them the same way, as a form error or a
    message, by catching DomainError. The message may be lazy: it is translated when shown."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)

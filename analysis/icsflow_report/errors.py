"""The one exception the report raises on purpose: a problem with the input or output the user can fix."""


class ReportError(Exception):
    """A problem with the input or output the user can fix (exit code 2)."""

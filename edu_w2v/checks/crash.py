"""A crash of the student's code, said in the student's own words."""

from __future__ import annotations


def error_text(error: BaseException) -> str:
    """```ValueError: oops```: the error's type and the first line of its message, as code."""
    message = str(error).strip().splitlines()
    return f"`{type(error).__name__}{': ' + message[0] if message else ''}`"

"""The one error tree: user errors become one line each on stderr and exit status 2."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum

_MARK = "\x1e"
_FIELD = re.compile(_MARK + r"([a-z_]+)" + _MARK)


def field_ref(name: str) -> str:
    """A field named in a message, for the front end to word (the CLI: as its option).

    The core names what was wrong by field (``start``, ``force``); it never knows that the
    command line spells it ``--start``. ``str()`` of the error shows the plain field name;
    the CLI shows the option of the command that ran.
    """
    return f"{_MARK}{name}{_MARK}"


def worded(message: str, word: Callable[[str], str] | None = None) -> str:
    """The message with each :func:`field_ref` replaced by ``word(name)`` (default: the name)."""
    return _FIELD.sub(lambda m: word(m.group(1)) if word else m.group(1), message)


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # a check ran and found something (doctor, validate with warnings as errors)
    USER_ERROR = 2


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class FacilitateError(Exception):
    """Base of every error the tool raises on purpose."""


class UserError(FacilitateError):
    """Something the user can fix: bad input, a missing file, a refused overwrite.

    The message may name fields with :func:`field_ref`; :meth:`lines` words them.
    """

    def __str__(self) -> str:
        return worded(super().__str__())

    def lines(self, word: Callable[[str], str] | None = None) -> list[str]:
        return [worded(super().__str__(), word)]


class CatalogError(UserError):
    """One or more problems in files a user can edit, reported all at once."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line, i.column))
        super().__init__("\n".join(str(i) for i in self.issues))

    def lines(self, word: Callable[[str], str] | None = None) -> list[str]:
        return [worded(str(i), word) for i in self.issues]


class TemplateError(UserError):
    """A template that cannot be loaded or rendered, named by file and line."""


class NotFoundError(UserError):
    """An id that is not in the catalog; the message carries the closest ids."""


def cannot(exc: OSError) -> str:
    """Why an operating-system call failed, in a few plain words."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]

"""Which output format a command writes: from --format, else the file's extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitate.errors import UserError, field_ref
from facilitate.models.workspace import Paper

FORMATS = ("md", "html", "pdf")
PAPERS = tuple(p.value for p in Paper)
_EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def resolve_paper(option: str | None, profile: Any = None) -> str:
    """The page size: the one asked for, else the workspace profile's, else A4."""
    if option is None or not option.strip():
        paper = getattr(getattr(profile, "paper", None), "value", None)
        return str(paper) if paper else "a4"
    chosen = option.strip().lower()
    if chosen not in PAPERS:
        raise UserError(f"{field_ref('paper')} {option}: choose {' or '.join(PAPERS)}")
    return chosen


def resolve_format(output: Path | None, fmt: str | None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The format to render, checked against what the command offers."""
    if fmt is not None:
        chosen = fmt.strip().lower().lstrip(".")
        chosen = "md" if chosen in ("markdown",) else chosen
    elif output is not None and output.suffix.lower() in _EXTENSIONS:
        chosen = _EXTENSIONS[output.suffix.lower()]
    elif output is not None and output.suffix.lower() in (f".{a}" for a in allowed):
        chosen = output.suffix.lower()[1:]
    else:
        chosen = "md"
    if chosen not in allowed:
        raise UserError(
            f"{field_ref('format')} {chosen} is not offered here; choose from: {', '.join(allowed)}"
        )
    if chosen == "pdf" and output is None:
        raise UserError("PDF goes to a file: add -o FILE.pdf")
    if output is not None and fmt is not None:
        ext = output.suffix.lower()
        implied = _EXTENSIONS.get(ext)
        if implied is not None and implied != chosen:
            raise UserError(
                f"{output}: the extension says {implied} but {field_ref('format')} says {chosen}"
            )
    return chosen

"""The one Jinja2 environment factory: sandboxed, strict, escaped for its output format.

Templates are named by their output (``agenda.j2.html``, ``agenda.j2.md``). A user's template
folders come first in the search path, and ``builtin:NAME`` always reaches the shipped template,
so an override can extend it.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2 import (
    TemplateError as JinjaTemplateError,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from facilitate.errors import TemplateError
from facilitate.paths import cache_dir, templates_dir
from facilitate.render import filters
from facilitate.render.filters import RawMarkdown as RawMarkdown

FORMATS = ("md", "html")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# What would start a block if the value began a line: a heading (any level), a list marker, a
# numbered item, or a rule or setext underline made of dashes or equals signs.
# (A bare "#" or "-" is left alone: templates build headings and items from such values.)
_MD_LINE_START = re.compile(
    r"^(?:(#+|[+\-])(?=\s)|(\d+)([.)])(?=\s)|([-=])(?=(?:\s*[-=]){2,}\s*$))"
)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(2):  # a digit cannot be escaped; its dot or bracket can
        return f"{match.group(2)}\\{match.group(3)}"
    return "\\" + (match.group(1) or match.group(4))


def md_escape(value: Any) -> Any:
    """Keep catalog text from turning into Markdown structure (links, tables, headings)."""
    if value is None or isinstance(value, RawMarkdown | Markup | int | float):
        return value
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


@cache
def _environment(fmt: str, user_dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    builtin = FileSystemLoader(str(templates_dir()))
    loader = ChoiceLoader(
        [
            PrefixLoader({"builtin": builtin}, delimiter=":"),
            FileSystemLoader([str(d) for d in user_dirs] + [str(templates_dir())]),
        ]
    )
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml"), default_for_string=False, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape if fmt == "md" else None,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    filters.install(env, fmt)
    return env


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs; Jinja2 checks each against its source's checksum."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None  # a read-only home still renders, only slower
    return FileSystemBytecodeCache(str(folder))


def environment(fmt: str, template_dirs: Sequence[Path] = ()) -> SandboxedEnvironment:
    """The environment for one output format (``md`` or ``html``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown template format {fmt!r}")
    return _environment(fmt, tuple(Path(d) for d in template_dirs))


def render(
    name: str, context: Mapping[str, Any], fmt: str, template_dirs: Sequence[Path] = ()
) -> str:
    """Render ``NAME.j2.FMT``; template problems become ``TEMPLATE:LINE: message``."""
    env = environment(fmt, template_dirs)
    filename = f"{name}.j2.{fmt}"
    try:
        template = env.get_template(filename)
        return template.render(**context)
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or filename
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except JinjaTemplateError as exc:
        raise TemplateError(f"{_template_frame(filename)}: {exc}") from None


def _template_frame(default: str) -> str:
    """The template file and line where rendering failed, from Jinja2's rewritten traceback."""
    tb = sys.exc_info()[2]
    where = default
    for frame in traceback.extract_tb(tb):
        if ".j2." in frame.filename:
            where = f"{frame.filename}:{frame.lineno}"
    return where

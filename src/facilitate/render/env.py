"""The one Jinja2 environment factory: sandboxed, strict, escaped for its output format.

Templates are named by their output (``agenda.j2.html``, ``agenda.j2.md``). A user's template
folders come first in the search path, and ``builtin:NAME`` always reaches the shipped template,
so an override can extend it.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
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
from jinja2.bccache import Bucket
from markupsafe import Markup

from facilitate import __version__
from facilitate.errors import TemplateError
from facilitate.render import filters
from facilitate.render import sandbox as sandbox_module
from facilitate.render.controls import visible
from facilitate.render.filters import RawMarkdown as RawMarkdown
from facilitate.render.sandbox import TemplateLimit, TemplateSandbox, limits, plain, render_limited
from facilitate.storage.paths import cache_dir, private, templates_dir

FORMATS = ("md", "html")

_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
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
    # "&#x202E;" would become a character when the Markdown is read: keep it as text.
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


MAX_TEMPLATE_BYTES = 512_000
"""The largest template file read; the shipped ones are a few kilobytes, and compiling a huge one
takes seconds and gigabytes before any limit could start."""


class _FolderLoader(FileSystemLoader):
    """A folder of templates that never reads a file outside it, whatever a link points at."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        self._refuse_odd_files(template)
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            raise TemplateError(
                f"{template}: the template is not UTF-8 text ({exc.reason})"
            ) from None
        if len(source) > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"{template}: the template is {len(source):,} characters long; templates may "
                f"be at most {MAX_TEMPLATE_BYTES:,}"
            )
        real = Path(os.path.realpath(filename))
        roots = [Path(os.path.realpath(folder)) for folder in self.searchpath]
        if not any(real.is_relative_to(root) for root in roots):
            raise TemplateError(
                f"{template}: refers to a file outside the template folders ({real}); "
                "templates may only use files inside their own folder"
            )
        return source, filename, uptodate

    def _refuse_odd_files(self, template: str) -> None:
        # A pipe, a device or a folder under a template's name is an error, not a reason to
        # fall back silently to the shipped template (a pipe would also block for ever).
        pieces = [p for p in template.replace("\\", "/").split("/") if p and p != "."]
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_symlink() or path.exists():
                try:
                    regular = path.is_file() and stat.S_ISREG(path.stat().st_mode)
                except OSError:
                    regular = False
                if not regular:
                    raise TemplateError(f"{path}: not a plain template file")
                return


@cache
def _environment(fmt: str, user_dirs: tuple[Path, ...]) -> TemplateSandbox:
    for folder in user_dirs:
        if folder.is_symlink():
            # A shared folder's templates/ that links elsewhere (even to /) would make every
            # file behind it "inside" the template folder.
            raise TemplateError(
                f"{folder}: the template folder is a link; give the folder it points to"
            )
    builtin = _FolderLoader(str(templates_dir()))
    loader = ChoiceLoader(
        [
            PrefixLoader({"builtin": builtin}, delimiter=":"),
            _FolderLoader([str(d) for d in user_dirs] + [str(templates_dir())]),
        ]
    )
    env = TemplateSandbox(
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
        bytecode_cache=_bytecode_cache(fmt),
    )
    filters.install(env, fmt)
    return env


class _TrustedBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates, read only from a file and folder that nobody else can write.

    Compiled templates are code: a file planted in the cache would run. So, as for the
    catalog cache, an entry is loaded only when it and its folder belong to this user and are
    writable by nobody else; anything else is ignored and compiled afresh. (Compiling the
    agenda's templates costs about 16 ms a run; the cache saves most of that.)
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        filename = self._get_cache_filename(bucket)
        try:
            handle = Path(filename).open("rb")  # noqa: SIM115 - closed below, whatever happens
        except OSError:
            return
        with handle:
            try:
                trusted = private(os.fstat(handle.fileno())) and private(
                    Path(self.directory).stat()
                )
            except OSError:
                return
            if trusted:
                bucket.load_bytecode(handle)


def _bytecode_cache(fmt: str) -> FileSystemBytecodeCache | None:
    # The folder's name carries the sandbox's own code stamp (bytecode compiled by an older
    # sandbox, with other limits, is never loaded by a newer one) and the output format: the
    # Markdown and HTML environments compile the same file differently (escaping), so a file
    # compiled for one must never be loaded by the other.
    stamp = zlib.crc32(Path(sandbox_module.__file__).read_bytes()) ^ zlib.crc32(
        __version__.encode()
    )
    folder = cache_dir() / f"templates-{stamp:08x}-{fmt}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None  # a read-only home still renders, only slower
    return _TrustedBytecodeCache(str(folder))


def environment(fmt: str, template_dirs: Sequence[Path] = ()) -> TemplateSandbox:
    """The environment for one output format (``md`` or ``html``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown template format {fmt!r}")
    return _environment(fmt, tuple(Path(d).absolute() for d in template_dirs))


def render(
    name: str, context: Mapping[str, Any], fmt: str, template_dirs: Sequence[Path] = ()
) -> str:
    """Render ``NAME.j2.FMT`` from plain data; every template problem is one ``TemplateError``.

    The context is turned into plain data first (:func:`plain`), so no template ever holds a
    live model. Whatever goes wrong inside a template, a syntax error, a refused call, a limit,
    a division by zero or endless recursion, comes back as ``TEMPLATE:LINE: message``.
    """
    env = environment(fmt, template_dirs)
    filename = f"{name}.j2.{fmt}"
    data = {key: plain(value) for key, value in context.items()}
    try:
        with limits():
            template = env.get_template(filename)
            output = render_limited(template.generate(**data))
    except TemplateError:
        raise
    except (SyntaxError, OverflowError) as exc:  # Python's compiler: too deeply nested blocks
        why = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise TemplateError(
            f"{filename}: the template nests too deeply to compile ({why})"
        ) from None
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or filename
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except RecursionError:
        raise TemplateError(
            f"{_template_frame(filename)}: the template calls itself without end"
        ) from None
    except MemoryError:
        raise TemplateError(
            f"{_template_frame(filename)}: the template ran out of memory"
        ) from None
    except (JinjaTemplateError, TemplateLimit) as exc:
        raise TemplateError(f"{_template_frame(filename)}: {exc}") from None
    except Exception as exc:
        where = _template_frame(filename, strict=True)
        if where is None:
            raise  # not inside a template: a bug of ours, keep the traceback
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None
    return visible(output)


def _template_frame(default: str, *, strict: bool = False) -> Any:
    """The template file and line where rendering failed, from Jinja2's rewritten traceback."""
    tb = sys.exc_info()[2]
    where = None
    for frame in traceback.extract_tb(tb):
        if ".j2." in frame.filename:
            where = f"{frame.filename}:{frame.lineno}"
    if where is None and not strict:
        return default
    return where

"""The template sandbox: plain data in, an allow-list of what a template may touch, and limits.

Templates are shared between facilitators (a coordinator's template pack, a folder in a git
repository), so a template is treated as untrusted code. Three rules keep it harmless:

* it only ever sees plain data (:func:`plain`): strings, numbers, dates, lists, dicts and
  :class:`Record` objects, which are read-only bags of fields with no methods at all;
* it may read an attribute or call a function only when it is on an allow-list
  (:class:`TemplateSandbox`); everything else is a ``SecurityError``;
* it runs within limits: how long strings and lists may grow, how many items ``range`` may
  produce in one render, how large a power may be, how much output it may write and (where the
  system has an interval timer) how long it may take.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import operator
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from jinja2 import nodes, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import do_replace
from jinja2.runtime import BlockReference, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from pydantic import BaseModel

MAX_STRING = 5_000_000
"""The longest string or list a template may build, and the most it may write."""
MAX_BUILT = 50_000_000
"""How many characters (or list items) all the values one render builds may hold together."""
MAX_RANGE_ITEMS = 1_000_000
"""How many numbers all the ``range`` calls of one render may produce together."""
MAX_POWER_BITS = 4_096
"""The largest integer, in bits, a template may compute."""
TIME_LIMIT = 10.0
"""Seconds a render may take, where the system has an interval timer (POSIX, main thread)."""


class TemplateLimit(Exception):
    """A template went past one of the sandbox's limits."""


class Record:
    """A read-only bag of named values: what a template sees instead of a live object.

    It has no methods a template could call; the sandbox lets a template read its fields only.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a template record cannot be changed")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._fields == other._fields

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return "Record(" + ", ".join(self._fields) + ")"

    def field_names(self) -> frozenset[str]:
        return frozenset(self._fields)


def _own_properties(cls: type) -> list[str]:
    """Read-only properties that facilitate's own classes define (such as ``Prompt.key``)."""
    names: list[str] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("facilitate."):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, property) and not name.startswith("_") and name not in names:
                names.append(name)
    return names


def plain(value: Any, _memo: dict[int, Any] | None = None) -> Any:
    """The value as plain template data: no live models, no methods but those of plain types.

    Pydantic models and dataclasses become :class:`Record` objects (their fields and their own
    read-only properties), enums their value, paths strings, and containers are copied.
    Anything else is refused: what reaches a template is decided here, not by accident.
    """
    memo = {} if _memo is None else _memo
    if value is None or isinstance(value, bool | int | float | Markup):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value, memo)
    if isinstance(value, str):
        return value if type(value) is str or isinstance(value, Markup) else _str_like(value)
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, PurePath):
        return str(value)
    key = id(value)
    if key in memo:
        return memo[key]
    result: Any
    if isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        for name in _own_properties(type(value)):
            fields[name] = getattr(value, name)
        memo[key] = result = Record({k: plain(v, memo) for k, v in fields.items()})
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        for name in _own_properties(type(value)):
            fields[name] = getattr(value, name)
        memo[key] = result = Record({k: plain(v, memo) for k, v in fields.items()})
    elif isinstance(value, Record):
        result = value
    elif isinstance(value, Mapping):
        result = {plain(k, memo): plain(v, memo) for k, v in value.items()}
    elif isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        result = tuple(plain(v, memo) for v in items)
    else:
        raise TypeError(f"a template cannot be given a {type(value).__name__}")
    memo[key] = result
    return result


def _str_like(value: str) -> str:
    # Subclasses such as RawMarkdown keep their type (the Markdown escaper reads it) but are
    # rebuilt, so no object of another kind hides behind a string.
    return type(value)(str(value))


# What a template may read or call on plain types. Nothing here can grow a value without bound
# in one step, read a file, or reach an object's internals.
_STR_METHODS = frozenset(
    {
        "capitalize", "casefold", "count", "endswith", "find", "isalnum", "isalpha",
        "isdigit", "islower", "isspace", "istitle", "isupper", "lower", "lstrip", "partition",
        "removeprefix", "removesuffix", "rfind", "rpartition", "rsplit", "rstrip", "split",
        "splitlines", "startswith", "strip", "swapcase", "title", "upper",
    }
)  # fmt: skip
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_DATE_ATTRS = frozenset(
    {"year", "month", "day", "hour", "minute", "isoformat", "isoweekday", "strftime", "weekday"}
)
_LOOP_ATTRS = frozenset(
    {
        "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth",
        "depth0", "previtem", "nextitem", "cycle", "changed",
    }
)  # fmt: skip
_STRFTIME_SAFE = re.compile(r"^(?:[^%]|%[aAbBdHImMpSyYjUWwZz%])*$")


class _CountingRange:
    """``range`` for templates: all calls in one render share one budget of items."""

    def __init__(self) -> None:
        self.left = MAX_RANGE_ITEMS

    def __call__(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > self.left:
            raise TemplateLimit(
                f"range() would make {len(numbers):,} numbers; a template may make "
                f"{MAX_RANGE_ITEMS:,} in all"
            )
        self.left -= len(numbers)
        return iter(numbers)


_state = threading.local()


def _range(*args: int) -> Iterator[int]:
    counter: _CountingRange | None = getattr(_state, "range", None)
    if counter is None:
        counter = _state.range = _CountingRange()
    return counter(*args)


def _spend(size: int) -> None:
    """Count what a render builds; many large values together are refused like one huge one."""
    built = getattr(_state, "built", 0) + size
    _state.built = built
    if built > MAX_BUILT:
        raise TemplateLimit(
            f"the template built more than {MAX_BUILT:,} characters of values in all"
        )


def _sized(value: Any) -> Any:
    if isinstance(value, str | list | tuple):
        if len(value) > MAX_STRING:
            raise TemplateLimit(f"a value of {len(value):,} items is too long for a template")
        _spend(len(value))
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value.bit_length() > MAX_POWER_BITS
    ):
        raise TemplateLimit(f"a number larger than {MAX_POWER_BITS} bits is too large")
    return value


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _mul(left: Any, right: Any) -> Any:
    for seq, times in ((left, right), (right, left)):
        size = _length(seq)
        if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_STRING:
            raise TemplateLimit(f"repeating a value {times:,} times makes it too long")
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
        raise TemplateLimit(f"a number larger than {MAX_POWER_BITS} bits is too large")
    return operator.mul(left, right)


def _pow(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        bits = right * math.log2(abs(left))
        if bits > MAX_POWER_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large for a template")
    return _sized(operator.pow(left, right))


def _add(left: Any, right: Any) -> Any:
    a, b = _length(left), _length(right)
    if a is not None and b is not None and a + b > MAX_STRING:
        raise TemplateLimit("joining these values makes one too long for a template")
    return _sized(operator.add(left, right))


def limited_concat(parts: tuple[Any, ...], markup: bool) -> str:
    """The ``~`` operator, with the same bound on length as ``+``."""
    size = sum(len(str(p)) for p in parts)
    if size > MAX_STRING:
        raise TemplateLimit("joining these values with ~ makes one too long for a template")
    _spend(size)
    return markup_join(parts) if markup else str_join(parts)


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja2's compiler, with ``~`` routed through :func:`limited_concat`."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        markup = "context.eval_ctx.autoescape" if frame.eval_ctx.volatile else None
        self.write("environment.limited_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {markup or bool(frame.eval_ctx.autoescape)})")


def _checked_filter(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A built-in filter whose result is checked against the length limit."""

    def run(*args: Any, **kwargs: Any) -> Any:
        return _sized(func(*args, **kwargs))

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            setattr(run, attr, getattr(func, attr))
    run.__name__ = name
    return run


# A printf width or precision of four digits or more, or one taken from the values ("*"),
# named fields ("%(name)9999s") included.
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d{4,}|\d*\.(?:\*|\d{4,}))")


def _check_printf(text: str) -> None:
    if _PERCENT_WIDTH.search(text):
        raise TemplateLimit("a format width or precision over 999 is not allowed in a template")


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    """``"%.1f" | format(x)``, refusing widths and precisions that would make huge text."""
    text = str(value)
    _check_printf(text)
    if args and kwargs:
        raise TemplateLimit("format takes either positional or named values, not both")
    result: str = text % (kwargs or args)
    _sized(result)
    return result


def _mod(left: Any, right: Any) -> Any:
    """``a % b``: printf formatting of strings is held to the same widths as ``format``."""
    if isinstance(left, str):
        _check_printf(left)
    return _sized(operator.mod(left, right))


@pass_eval_context
def _replace_filter(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> Any:
    text = str(value)
    hits = text.count(str(old)) if old else len(text) + 1
    if count is not None and count >= 0:  # a negative count means every occurrence
        hits = min(hits, count)
    if len(text) + hits * max(len(str(new)) - len(str(old)), 0) > MAX_STRING:
        raise TemplateLimit("replace() would make the text too long for a template")
    return do_replace(eval_ctx, value, old, new, -1 if count is None else count)


MAX_GROUP = 10_000
"""The most groups ``batch`` and ``slice`` may make, and the widest ``tojson`` indent is 8."""


def _bounded_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
    """``join``, measuring the parts before joining them, not after."""
    items = list(value) if not isinstance(value, list | tuple) else value
    if len(items) > MAX_STRING:
        raise TemplateLimit("join() was given too many values for a template")
    size = sum(len(str(i)) for i in items) + len(str(d)) * max(len(items) - 1, 0)
    if attribute is None and size > MAX_STRING:
        raise TemplateLimit("join() would make the text too long for a template")
    from jinja2.filters import do_join

    return _sized(do_join(eval_ctx, items, d, attribute))


def _numbers_sum(environment: Any, value: Any, attribute: Any = None, start: Any = 0) -> Any:
    """``sum`` of numbers only: summing lists or strings is quadratic, and never needed."""
    if not isinstance(start, int | float):
        raise TemplateLimit("sum() adds numbers only in a template")
    from jinja2.filters import do_sum

    return do_sum(environment, value, attribute, start)


def _bounded_tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
    if indent is not None and not 0 <= int(indent) <= 8:
        raise TemplateLimit("tojson() indents by at most 8 in a template")
    from jinja2.filters import do_tojson

    return _sized(do_tojson(eval_ctx, value, indent))


def _bounded_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    if not 0 < int(linecount) <= MAX_GROUP:
        raise TemplateLimit(f"batch() makes groups of 1 to {MAX_GROUP:,} in a template")
    from jinja2.filters import do_batch

    return list(do_batch(value, linecount, fill_with))


def _bounded_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    if not 0 < int(slices) <= MAX_GROUP:
        raise TemplateLimit(f"slice() makes 1 to {MAX_GROUP:,} slices in a template")
    # The plain function: jinja2's do_slice is its async wrapper, which wants the environment.
    from jinja2.filters import sync_do_slice

    return list(sync_do_slice(value, slices, fill_with))


# Built-in filters a template may use; the ones that can pad text to any width (center,
# indent, wordwrap) or print an object's insides (pprint, xmlattr) are left out.
_ALLOWED_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "capitalize", "count", "d", "default", "dictsort", "e",
        "escape", "filesizeformat", "first", "float", "forceescape", "groupby", "int", "items",
        "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
        "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "slice",
        "sort", "string", "striptags", "sum", "title", "tojson", "trim", "truncate", "unique",
        "upper", "urlencode", "wordcount",
    }
)  # fmt: skip


# What a template may read, and what it may call, on each plain type: one table for both.
_READABLE: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, _STR_METHODS),
    (dict, _DICT_METHODS),
    ((dt.date, dt.time), _DATE_ATTRS),
    (LoopContext, _LOOP_ATTRS),
)
_CALLABLE: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, _STR_METHODS),
    (dict, _DICT_METHODS),
    ((dt.date, dt.time), _DATE_ATTRS),
    (LoopContext, frozenset({"cycle", "changed"})),
    (Cycler, frozenset({"next", "reset"})),
)


def _offered(
    obj: Any, table: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...]
) -> frozenset[str] | None:
    """The names the table allows on this object's type, or None when it lists no such type."""
    for kind, names in table:
        if isinstance(obj, kind):
            return names
    return None


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, narrowed to an allow-list and bounded."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {
            name: _checked_filter(f, name)
            for name, f in self.filters.items()
            if name in _ALLOWED_FILTERS
        }
        self.filters["format"] = _format_filter
        self.filters["replace"] = _replace_filter
        self.filters.update(
            join=pass_eval_context(_bounded_join),
            sum=pass_environment(_numbers_sum),
            tojson=pass_eval_context(_bounded_tojson),
            batch=_bounded_batch,
            slice=_bounded_slice,
        )
        self.globals.clear()
        self.globals.update(
            range=_range, dict=dict, namespace=Namespace, cycler=Cycler, joiner=Joiner
        )
        self.binop_table = {**self.binop_table, "*": _mul, "**": _pow, "+": _add, "%": _mod}
        self.limited_concat = limited_concat

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, Record):
            return attr in obj.field_names()
        offered = _offered(obj, _READABLE)
        if offered is not None:
            return attr in offered
        if isinstance(obj, Namespace | Cycler):
            return attr in ("current", "next", "reset") or isinstance(obj, Namespace)
        if isinstance(obj, Macro):
            return attr in ("name", "arguments")
        # Imported template modules (`{% import ... as m %}`) expose their macros.
        return type(obj).__name__ in ("TemplateModule", "TemplateReference")

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, Macro | BlockReference | Joiner):
            return True
        if obj in (_range, dict, Namespace, Cycler, Joiner):
            return True
        offered = _offered(getattr(obj, "__self__", None), _CALLABLE)
        return offered is not None and getattr(obj, "__name__", "") in offered

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        except Exception:
            return self.undefined(obj=obj, name=attribute)
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Record | dict | list | tuple | str | LoopContext):
            try:
                return obj[argument]  # type: ignore[index]
            except (TypeError, LookupError):
                pass
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} cannot be called from a template")
        is_strftime = getattr(__obj, "__name__", "") == "strftime"
        if is_strftime and args and not _STRFTIME_SAFE.match(str(args[0])):
            raise SecurityError("strftime() takes only plain date codes in a template")
        return _sized(__context.call(__obj, *args, **kwargs))


@contextmanager
def limits() -> Iterator[None]:
    """One render's budget: a fresh ``range`` allowance and, where possible, a time limit."""
    _state.range = _CountingRange()
    _state.built = 0
    try:
        with deadline(TIME_LIMIT, "the template"):
            yield
    finally:
        _state.range = None


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise TemplateLimit once ``seconds`` have passed (POSIX main thread; else no limit)."""
    timer = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    previous: Any = None
    if timer:

        def expire(signum: int, frame: Any) -> None:
            raise TemplateLimit(f"{what} took longer than {seconds:g} seconds")

        previous = signal.signal(signal.SIGALRM, expire)
        # It fires again every second after the limit, should anything swallow the first one.
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def render_limited(chunks: Iterator[str]) -> str:
    """Join a template's output, stopping once it writes more than the limit."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_STRING:
            raise TemplateLimit(f"the template wrote more than {MAX_STRING:,} characters")
        out.append(chunk)
    return "".join(out)

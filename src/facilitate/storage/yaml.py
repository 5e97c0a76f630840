"""Read YAML safely and with positions (the writers are in ``storage/atomic.py``).

PyYAML's C loader is used where it is installed (it is several times faster). On top of it:
YAML 1.2 scalars (``no`` and ``10:30`` stay strings), duplicate keys rejected, only the plain
YAML tags, a bound on what aliases can expand to, and the node tree kept so that a field path
from validation can be turned back into a line and a column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from facilitate.errors import CatalogError, Issue, UserError
from facilitate.storage.atomic import require_plain_file

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases may add at most this many nodes beyond the ones written in the file. Catalogs rarely
# use aliases at all; a file built to explode ("billion laughs") passes this in its first levels.
MAX_ALIAS_EXPANSION = 100_000
MAX_DEPTH = 200
# Python refuses to read an int of more than 4,300 digits; no catalog field needs more than a few.
MAX_INT_DIGITS = 100

# YAML 1.2 reads NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as ordinary characters; PyYAML
# (YAML 1.1) breaks lines at them, which shifts every line number after them and can break a
# valid file. They are held back as private-use characters while parsing and put back after.
_LINE_BREAK_LIKE = "\x85\u2028\u2029"
_HOLDERS = "\uf885\uf828\uf829"
_HOLD = str.maketrans(_LINE_BREAK_LIKE, _HOLDERS)
_RESTORE = str.maketrans(_HOLDERS, _LINE_BREAK_LIKE)
_HELD_BACK = re.compile(f"[{_HOLDERS}]")


class StrictLoader(_Base):  # type: ignore[misc]
    """A safe loader with YAML 1.2 booleans and numbers and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first given on line {first})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An explicit tag (`!!int 0x`, `!!bool maybe`, `!!timestamp hello`) hands PyYAML's
        # constructors text they cannot read; they fail with plain Python errors. Each becomes
        # a YAML error at the value's own position.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            shown = node.value if isinstance(node, yaml.ScalarNode) else "this value"
            raise yaml.constructor.ConstructorError(
                None, None, f"'{shown}' cannot be read as {tag}", node.start_mark
            ) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # PyYAML reads a leading zero as octal (YAML 1.1); in YAML 1.2 "010" is ten.
        value = str(self.construct_scalar(node))
        digits = value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number with {len(digits):,} digits is too long (at most {MAX_INT_DIGITS})",
                node.start_mark,
            )
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return int(value, 10)
        result: int = super().construct_yaml_int(node)
        return result

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str) and _HELD_BACK.search(value):
            value = value.translate(_RESTORE)
        return value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # "2026-02-30" looks like a date but is none: a position, not a Python traceback.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from None


StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


# YAML 1.2 core schema: only true/false are booleans; no sexagesimal numbers, no 0-prefixed octal.
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    for _DROPPED in [
        {
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        }
    ]
}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    StrictLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the node tree that remembers positions."""

    file: str
    data: Any
    root: yaml.Node | None

    def position(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        return node_position(self.root, loc, key=key)


def node_position(
    root: yaml.Node | None, loc: Sequence[str | int], *, key: bool = False
) -> tuple[int, int]:
    """The 1-based line and column of the node at a validation path (as far as it exists)."""
    if root is None:
        return (1, 1)
    node: yaml.Node = root
    key_node: yaml.Node | None = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    key_node, node = k, v
                    break
            else:
                continue  # a union tag or a missing field: stay at the parent
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            key_node, node = None, node.value[part]
        # scalars have no children: stay
    target = key_node if key and key_node is not None else node
    mark = target.start_mark
    return (mark.line + 1, mark.column + 1)


def _scalar_weight(node: yaml.ScalarNode) -> int:
    # A long text repeated through aliases costs as much as many small values.
    return 1 + len(node.value) // 100


def _expanded_size(root: yaml.Node, anchors: bool = True) -> tuple[int, int]:
    """Count the nodes as written and as they would be with every alias expanded.

    A scalar counts by its length (one unit per 100 characters), so an alias to a long text
    counts for what it adds. Scalars are remembered by identity only when the file can hold an
    anchor at all (``anchors``): most catalogs have none, and on a 100,000-topic file that
    halves the walk.
    """
    memo: dict[int, int] = {}
    seen_scalars: set[int] = set()
    written = 0

    def walk(node: yaml.Node, depth: int) -> int:
        nonlocal written
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, yaml.ScalarNode):
            weight = _scalar_weight(node)
            if anchors:
                if id(node) in seen_scalars:
                    return weight  # an alias: it adds to the expanded size only
                seen_scalars.add(id(node))
            written += weight
            return weight
        written += 1
        ident = id(node)
        if ident in memo:
            written -= 1  # an alias: the node was counted where it was written
            if memo[ident] < 0:
                raise _Recursive(node)
            return memo[ident]
        memo[ident] = -1
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += walk(child, depth + 1)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += walk(k, depth + 1) + walk(v, depth + 1)
        memo[ident] = total
        return total

    expanded = walk(root, 0)
    return written, expanded


# An anchor is "&name" where a node may start; "&" inside text ("Q&A") needs no scalar memo.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:\-?])&[^\s,\[\]{}]")


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Recursive(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _mark_issue(file: str, mark: Any, message: str) -> Issue:
    if mark is None:
        return Issue(file, 1, 1, message)
    return Issue(file, mark.line + 1, mark.column + 1, message)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text, or one issue that points at the first byte that is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as the YAML positions and editors do, not bytes.
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8")) + 1
        raise CatalogError(
            [
                Issue(
                    file,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                    "save it as UTF-8 and try again",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str, file: str) -> Document:
    """Parse one YAML document, or raise CatalogError with its position."""
    held = text.translate(_HOLD) if _HAS_LINE_BREAK_LIKE.search(text) else text
    try:
        loader = StrictLoader(held)
    except yaml.YAMLError as exc:  # a control character: the reader checks it at once
        raise CatalogError([_reader_issue(file, exc, text)]) from None
    try:
        try:
            root = loader.get_single_node()
            if root is None:
                return Document(file, None, None)
            written, expanded = _expanded_size(root, anchors=bool(_ANCHOR.search(text)))
            if expanded - written > MAX_ALIAS_EXPANSION:
                raise CatalogError(
                    [
                        _mark_issue(
                            file,
                            root.start_mark,
                            f"aliases in this file expand to {expanded:,} values; "
                            "that looks like an alias bomb, so the file was not read",
                        )
                    ]
                )
            data = loader.construct_document(root)
        except _Recursive as exc:
            raise CatalogError(
                [_mark_issue(file, exc.node.start_mark, "an alias refers to itself")]
            ) from None
        except (_TooDeep, RecursionError):
            raise CatalogError(
                [Issue(file, 1, 1, f"the file nests deeper than {MAX_DEPTH} levels")]
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise CatalogError([_mark_issue(file, mark, _yaml_message(exc, text))]) from None
        except yaml.YAMLError as exc:
            raise CatalogError([_reader_issue(file, exc, text)]) from None
    finally:
        loader.dispose()
    return Document(file, data, root)


_HAS_LINE_BREAK_LIKE = re.compile(f"[{_LINE_BREAK_LIKE}]")


def _reader_issue(file: str, exc: yaml.YAMLError, text: str) -> Issue:
    """A reader error (a control character or NUL) at its line and column, not its offset."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(position, int):
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        code = ord(character) if isinstance(character, str) else character
        what = f"U+{code:04X}" if isinstance(code, int) else "here"
        return Issue(
            file,
            line,
            column,
            f"the control character {what} is not allowed in YAML; remove it, or write it "
            'as an escape inside double quotes ("\\x07")',
        )
    return Issue(file, 1, 1, f"not valid YAML: {exc}")


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = (exc.problem or "").strip()
    if "exceeded maximum nesting depth" in problem:
        # PyYAML 6.0.2 and later stop very deep nesting themselves, before our own check.
        return f"the file nests deeper than {MAX_DEPTH} levels"
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip().strip("'").replace("tag:yaml.org,2002:", "!!")
        return f"the tag {tag} is not allowed; catalogs use plain YAML only"
    mark = exc.problem_mark
    if mark is not None and "cannot start any token" in problem:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return "a tab is used for indentation; use spaces"
    if any(w in problem for w in ("is not a real date", "digits is too long", "cannot be read as")):
        return problem
    if "mapping values are not allowed" in problem:
        return (
            "YAML syntax: a colon followed by a space starts a new field here; if it is part "
            'of the text, put the whole text in quotes ("...")'
        )
    context = (exc.context or "").strip()
    text = f"{context}: {problem}" if context and not problem.startswith("duplicate") else problem
    return f"YAML syntax: {text}" if not problem.startswith("duplicate") else problem


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse a YAML file from disk."""
    name = display or str(path)
    require_plain_file(path, name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise UserError(f"{name}: cannot be read ({exc.strerror})") from None
    return parse(decode(raw, name), name)

"""A round-trip editor for a YAML file that holds a list people edit by hand.

ruamel.yaml's round-trip mode keeps comments, quoting, block scalars and key order; on top of
it, the comment lines between list items move with the item they belong to. Every change is
checked as a whole (by the caller's check, with FILE:LINE:COL messages) before the file is
replaced atomically.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from facilitate.errors import CatalogError, Issue, UserError
from facilitate.storage.atomic import atomic_write
from facilitate.storage.yaml import Document, parse

M = TypeVar("M", bound=BaseModel)


def round_trip(indent: int = 4, offset: int = 2) -> Any:
    """A ruamel.yaml round-trip loader and dumper with this indentation."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a rule; one line per value is easiest to edit by hand
    # A block scalar under a rule is indented by the mapping step: keys sit at the dash's offset
    # plus two, so that step is what the sequence indent leaves after the offset.
    yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
    return yaml


def dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@dataclass
class Entry:
    """One rule in the file and the comment lines written above it.

    ``attached`` are the comment lines right above the rule (no blank line between): they are
    the rule's own and move with it. ``loose`` are the lines before those, up to and including
    the last blank line: a heading for a part of the list, which stays where it is.
    """

    item: Any
    loose: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)
    seq_slot: Any = None


class ListDocument(Generic[M]):
    """A YAML file loaded for a round trip, with the comments between list items held aside.

    ``check`` validates a parsed document (the model and its issues, with positions); ``model``
    is the same model, for a quick look at what ruamel.yaml read; ``key`` names the list.

    ruamel.yaml hangs the comment lines above a list item on the last value of the item before
    it, so moving or removing items would take the wrong comments along. So the comment lines
    between rules are found from the positions of the parsed nodes, lifted out of the text
    before ruamel.yaml reads it, and put back as each rule's own comments when it is saved.
    Comments on the same line as a value, and comments inside a rule, are left to ruamel.yaml.
    """

    def __init__(
        self,
        path: Path,
        file: str,
        text: str,
        check: Callable[[Document], tuple[M | None, list[Issue]]],
        model: type[M],
        key: str = "rules",
        noun: str = "rule",
    ) -> None:
        from ruamel.yaml.util import load_yaml_guess_indent

        self.path = path
        self.file = file
        self._check = check
        self._model = model
        self.noun = noun
        doc = parse(text, self.file)  # also refuses alias bombs and YAML errors, with positions
        model_read, issues = check(doc)
        if issues or model_read is None:
            raise CatalogError(issues)
        self.model: M = model_read
        try:
            _, indent, offset = load_yaml_guess_indent(text)
            self.yaml = round_trip(indent or 4, offset if offset is not None else 2)
            lines = [ln.removesuffix("\r") for ln in text.removesuffix("\n").split("\n")]
            gaps, tail = _comment_gaps(doc.root, lines, key)
            lifted = {n for gap in gaps for n in gap} | set(tail)
            self.data = self.yaml.load(
                "".join(ln + "\n" for n, ln in enumerate(lines) if n not in lifted)
            )
            if lifted and _as_model(model, self.data) != model_read:
                # Lines were not where the parser said (unusual line breaks): ruamel's own way.
                gaps, tail = [], []
                self.data = self.yaml.load(text)
        except Exception as exc:  # directives or layouts the round-trip editor cannot keep
            raise UserError(
                f"{self.file}: valid, but the commands cannot edit it safely "
                f"({type(exc).__name__}); make this change in a text editor"
            ) from None
        self.seq = self.data[key]
        self.entries: list[Entry] = []
        for index, item in enumerate(self.seq):
            gap = [lines[n] for n in gaps[index]] if index < len(gaps) else []
            blanks = [n for n, ln in enumerate(gap) if not ln.strip()]
            cut = blanks[-1] + 1 if blanks else 0
            slot = self.seq.ca.items.pop(index, None)
            self.entries.append(Entry(item, gap[:cut], gap[cut:], slot))
        self.tail = [lines[n] for n in tail]

    def _put_comments(self) -> None:
        from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

        self.seq.clear()
        self.seq.ca.items.clear()
        for index, entry in enumerate(self.entries):
            self.seq.append(entry.item)
            slot = list(entry.seq_slot) if entry.seq_slot else [None, None, None, None]
            before = [_comment_token(ln) for ln in entry.loose + entry.attached]
            if before:
                slot[1] = (slot[1] or []) + before
            if any(part is not None for part in slot):
                self.seq.ca.items[index] = slot
        if not (self.tail and self.entries):
            return
        # Lines after the last rule hang on its last value, as ruamel.yaml itself reads them.
        item = self.entries[-1].item
        last = list(item.keys())[-1]
        joined = "".join(ln + "\n" for ln in self.tail)
        slot = item.ca.items.get(last)
        token = slot[2] if slot and len(slot) > 2 else None
        if token is not None:
            self._set_after(item, last, token.value + joined, token.column)
        elif isinstance(item[last], LiteralScalarString | FoldedScalarString):
            first = self.tail[0]
            indent = len(first) - len(first.lstrip())
            rest = "".join(ln + "\n" for ln in self.tail[1:])
            self._set_after(item, last, first.lstrip() + "\n" + rest, indent)
        else:
            self._set_after(item, last, "\n" + joined, 0)

    @staticmethod
    def _set_after(item: Any, key: str, text: str, column: int) -> None:
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        slot = item.ca.items.setdefault(key, [None, None, None, None])
        while len(slot) < 4:
            slot.append(None)
        slot[2] = CommentToken(text, CommentMark(column))

    # -- look-ups ------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return [str(e.item.get("id")) for e in self.entries]

    def index(self, rule_id: str) -> int:
        ids = self.ids()
        if rule_id not in ids:
            from facilitate.catalog.messages import did_you_mean

            raise UserError(f"{self.file}: {did_you_mean(self.noun, rule_id, ids)}")
        return ids.index(rule_id)

    def release(self, place: int) -> Entry:
        """Take a rule out; lines that are not its own stay where they were."""
        entry = self.entries.pop(place)
        if place < len(self.entries):
            self.entries[place].loose[:0] = entry.loose
        else:
            self.tail[:0] = entry.loose
        entry.loose = []
        return entry

    # -- saving --------------------------------------------------------------------------------

    def save(self, expected: Callable[[M], bool]) -> M:
        """Check the changed file as a whole, then replace the old one in one step.

        ``expected`` says whether the model read back from the new text is what the change
        meant; if not, nothing is written (a last guard against losing a group's words).
        """
        self._put_comments()
        text = dump(self.yaml, self.data)
        model, issues = self._check(parse(text, self.file))
        if issues or model is None:
            raise CatalogError(
                Issue(i.file, i.line, i.column, f"{i.message}; nothing was saved", i.path)
                for i in issues
            )
        if not expected(model):
            raise UserError(
                f"{self.file}: this change could not be made safely, so the file was left as "
                "it was; please make it in a text editor"
            )
        atomic_write(self.path, text)
        return model


def _as_model(model: type[M], data: Any) -> M | None:
    import json

    try:
        return model.model_validate(json.loads(json.dumps(data)))
    except (ValidationError, TypeError, ValueError):
        return None


def _comment_token(line: str) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    body = line.strip()
    if not body:
        return CommentToken("\n", CommentMark(0))
    return CommentToken(body + "\n", CommentMark(len(line) - len(line.lstrip())))


def _comment_gaps(root: Any, lines: list[str], name: str) -> tuple[list[list[int]], list[int]]:
    """Line numbers of the comment and blank lines above each item, and after the last one."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return [], []
    pairs = root.value
    at = next((n for n, (k, _) in enumerate(pairs) if getattr(k, "value", None) == name), None)
    if at is None:
        return [], []
    key, seq = pairs[at]
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return [], []

    def comments(start: int, stop: int) -> list[int]:
        found = []
        for n in range(start, min(stop, len(lines))):
            body = lines[n].strip()
            if body and not body.startswith("#"):
                break  # e.g. a dash on a line of its own: leave the rest to ruamel.yaml
            found.append(n)
        return found

    gaps = []
    previous = key.start_mark.line
    for item in seq.value:
        gaps.append(comments(previous + 1, item.start_mark.line))
        previous = _last_line(item)
    stop = pairs[at + 1][0].start_mark.line if at + 1 < len(pairs) else len(lines)
    return gaps, comments(previous + 1, stop)


def _last_line(node: Any) -> int:
    """The last line that holds a rule's own text (0-based)."""
    import yaml

    last = node
    while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark
    line: int = end.line
    if end.column == 0 and line > last.start_mark.line:
        line -= 1  # a block scalar ends at the start of the line after it
    return line


class MappingDocument(Generic[M]):
    """A YAML file whose top is a mapping (``facilitate.yaml``), loaded for a round trip.

    Values are set, added and removed in place, so comments, quoting and key order stay. The
    comment lines between two keys (or two list items) belong to what follows them, as in
    :class:`ListDocument`: ruamel.yaml hangs them on the value before, so a new key takes over
    the lines that stood above the place it goes, and a removed key hands the lines above the
    next one back to the key before it. Everything is checked as a whole before it is saved.
    """

    def __init__(
        self,
        path: Path,
        file: str,
        text: str,
        check: Callable[[Document], tuple[M | None, list[Issue]]],
        model: type[M],
    ) -> None:
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.util import load_yaml_guess_indent

        self.path = path
        self.file = file
        self._check = check
        model_read, issues = check(parse(text, file))
        if issues or model_read is None:
            raise CatalogError(issues)
        self.model: M = model_read
        try:
            _, indent, offset = load_yaml_guess_indent(text)
            # PyYAML's layout (what `facilitate init` writes): lists under a key, not indented.
            self.yaml = round_trip(indent or 2, offset if offset is not None else 0)
            self.data = self.yaml.load(text)
            if not isinstance(self.data, CommentedMap) or _as_model(model, self.data) != model_read:
                raise ValueError("the round trip reads the file differently")
        except Exception as exc:  # directives or layouts the round-trip editor cannot keep
            raise UserError(
                f"{self.file}: valid, but the commands cannot edit it safely "
                f"({type(exc).__name__}); make this change in a text editor"
            ) from None

    def put(self, container: Any, key: str, value: Any, order: list[str]) -> None:
        """Set ``container[key]``; a new key goes where ``order`` puts it among the others."""
        value = _plain_safe(value)
        if key in container:
            old = container[key]
            if isinstance(old, str) and isinstance(value, str) and type(old) is not str:
                with contextlib.suppress(TypeError):
                    value = type(old)(value)  # the quoting the file had
            container[key] = value
            return
        keys = list(container.keys())
        rank = order.index(key) if key in order else len(order)
        before = [k for k in keys if (order.index(k) if k in order else len(order)) <= rank]
        at = keys.index(before[-1]) + 1 if before else 0
        container.insert(at, key, value)
        if at > 0:
            _move_tail(container, keys[at - 1], container, key)

    def append(self, seq: Any, item: Any) -> None:
        """Add an item at the end of a list; the lines after the list stay after it."""
        seq.append(_plain_safe(item))
        if len(seq) > 1:
            _move_tail(seq, len(seq) - 2, seq, len(seq) - 1)

    def remove(self, container: Any, key: str | int) -> None:
        """Take a key (or a list item) out; the comment lines above the next one stay."""
        from ruamel.yaml.comments import CommentedMap

        _, following = _tail(container, key)
        if isinstance(container, CommentedMap):
            keys = list(container.keys())
            place = keys.index(key)
            del container[key]
            previous: str | int | None = keys[place - 1] if place > 0 else None
        else:
            place = int(key)
            del container[place]  # ruamel.yaml moves the later items' comments up with them
            previous = place - 1 if place > 0 else None
        if not following:
            return
        if previous is not None:
            eol, lines = _tail(container, previous)
            _set_tail(container, previous, eol, lines + following)
        else:
            _add_heading(container, following)

    def save(self, expected: Callable[[M], bool]) -> M:
        """Check the changed file as a whole, then replace the old one in one step."""
        text = dump(self.yaml, self.data)
        model, issues = self._check(parse(text, self.file))
        if issues or model is None:
            raise CatalogError(
                Issue(i.file, i.line, i.column, f"{i.message}; nothing was saved", i.path)
                for i in issues
            )
        if not expected(model):
            raise UserError(
                f"{self.file}: this change could not be made safely, so the file was left as "
                "it was; please make it in a text editor"
            )
        atomic_write(self.path, text)
        self.model = model
        return model


def _plain_safe(value: Any) -> Any:
    """Text that YAML would read as something else ("yes", "NO", "0161") goes in quotes."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _plain_safe(v)
        return out
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        seq = CommentedSeq()
        seq.extend(_plain_safe(v) for v in value)
        return seq
    if isinstance(value, str) and type(value) is str:
        try:
            read = parse(value, "value").data  # as the files are read: YAML 1.1, so NO is false
        except UserError:
            read = None
        if read != value or value != value.strip() or "\n" in value:
            return DoubleQuotedScalarString(value)
    return value


def _last(container: Any, key: str | int) -> tuple[Any, str | int]:
    """Where the comment lines after ``container[key]`` hang: on its innermost last value."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    if isinstance(value, CommentedMap) and value:
        return _last(value, list(value.keys())[-1])
    if isinstance(value, CommentedSeq) and value:
        return _last(value, len(value) - 1)
    return container, key


def _tail(container: Any, key: str | int) -> tuple[str, list[str]]:
    """The comment on the value's own line (with its line end), and the lines after it."""
    owner, at = _last(container, key)
    slot = owner.ca.items.get(at)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None:
        return "", []
    text = str(token.value)
    eol, _, rest = text.partition("\n")
    return eol + "\n", rest.splitlines()


def _set_tail(container: Any, key: str | int, eol: str, lines: list[str]) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    owner, at = _last(container, key)
    slot = owner.ca.items.setdefault(at, [None, None, None, None])
    while len(slot) < 4:
        slot.append(None)
    old = slot[2]
    text = (eol or "\n") + "".join(ln + "\n" for ln in lines)
    if text == "\n":
        slot[2] = None
        return
    column = old.column if old is not None and eol.strip() else 0
    slot[2] = CommentToken(text, CommentMark(column))


def _move_tail(src: Any, src_key: str | int, dst: Any, dst_key: str | int) -> None:
    """The lines after ``src[src_key]`` now follow ``dst[dst_key]`` (its own comment stays)."""
    eol, lines = _tail(src, src_key)
    if not lines:
        return
    _set_tail(src, src_key, eol, [])
    dst_eol, dst_lines = _tail(dst, dst_key)
    _set_tail(dst, dst_key, dst_eol, dst_lines + lines)


def _add_heading(container: Any, lines: list[str]) -> None:
    """Lines that now stand above the first key or item of ``container``."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens = [
        CommentToken(ln.strip() + "\n" if ln.strip() else "\n", CommentMark(0)) for ln in lines
    ]
    comment = container.ca.comment
    if comment is None:
        container.ca.comment = [None, tokens]
    elif comment[1] is None:
        comment[1] = tokens
    else:
        comment[1].extend(tokens)

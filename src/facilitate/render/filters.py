"""Small Jinja2 filters shared by the Markdown and HTML templates."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment


def clock(minutes: int) -> str:
    """Minutes since midnight as 24-hour clock time: 1110 -> 18:30."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def contact(resource: Any) -> str:
    """How to reach a helpline, in one line: phone, text, hours."""
    parts = []
    if resource.phone:
        parts.append(f"call {resource.phone}")
    if resource.sms:
        parts.append(f"text {resource.sms}")
    line = " or ".join(parts)
    notes = [resource.hours] if resource.hours else []
    if not getattr(resource, "verified", True):
        notes.append(UNVERIFIED)
    if notes:
        line += f" ({'; '.join(notes)})"
    return line


UNVERIFIED = "check this number locally"
"""Printed after a number that could not be found on the service's own page."""


class RawMarkdown(str):
    """Text that a Markdown template means literally and that must not be escaped."""


def raw_url(value: str) -> RawMarkdown:
    """A catalog URL (checked: http or https, no spaces or brackets) as an autolink target."""
    return RawMarkdown(str(value).replace(">", "%3E").replace("<", "%3C"))


def code(value: str) -> RawMarkdown:
    """Inline code: the text as it is, between backticks."""
    return RawMarkdown("`" + str(value).replace("`", "'") + "`")


def install(env: Environment, fmt: str) -> None:
    env.filters.update(clock=clock, duration=duration, plural=plural, contact=contact)
    if fmt == "md":
        # Macro output is already escaped inside the macro; `raw` keeps it from a second pass.
        env.filters.update(url=raw_url, code=code, raw=RawMarkdown)
    else:
        env.filters.update(url=str, code=str, raw=lambda v: v)
    env.globals.update(output_format=fmt)

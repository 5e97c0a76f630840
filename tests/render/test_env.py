"""The one Jinja2 environment, output formats and the PDF step."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from facilitate.errors import TemplateError, UserError
from facilitate.render.env import environment, md_escape, render
from facilitate.render.formats import resolve_format
from facilitate.render.pdf import INSTALL_HINT, html_to_pdf
from tests.conftest import write_tree


def test_html_templates_escape_and_markdown_templates_escape_differently(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.j2.html": "<p>{{ x }}</p>\n", "t.j2.md": "{{ x }}\n"})
    value = '<script>alert(1)</script> "q" & [a](b)'
    html = render("t", {"x": value}, "html", [tmp_path])
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &#34;q&#34; &amp; [a](b)</p>\n"
    md = render("t", {"x": value}, "md", [tmp_path])
    assert md == '\\<script\\>alert(1)\\</script\\> "q" & \\[a\\](b)\n'
    assert environment("md") is environment("md")  # one environment per format, reused


def test_the_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evil.j2.md": "{{ ''.__class__.__mro__ }}\n"})
    with pytest.raises(TemplateError, match=r"evil\.j2\.md:1: .*unsafe"):
        render("evil", {}, "md", [tmp_path])


def test_strict_undefined_names_the_template_and_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"broken.j2.html": "<p>ok</p>\n<p>{{ nothing_here }}</p>\n"})
    with pytest.raises(TemplateError, match=r"broken\.j2\.html:2: 'nothing_here' is undefined"):
        render("broken", {}, "html", [tmp_path])


def test_a_syntax_error_names_the_template_and_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"bad.j2.md": "line one\n{% if %}\n"})
    with pytest.raises(TemplateError, match=r"bad\.j2\.md:2: "):
        render("bad", {}, "md", [tmp_path])


def test_a_user_template_can_extend_the_shipped_one(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"resource.j2.md": '{% extends "builtin:resource.j2.md" %}\n'},
    )
    from facilitate.catalog import open_catalog

    catalog = open_catalog()
    r = catalog.resource("gb-samaritans")
    text = render("resource", {"r": r, "origin": "built-in"}, "md", [tmp_path])
    assert text.startswith("# Samaritans")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("## heading", r"\## heading"),
        ("a | b", r"a \| b"),
        ("line one\nline two", "line one line two"),
        ("plain words stay plain.", "plain words stay plain."),
    ],
)
def test_markdown_escaping_keeps_catalog_text_from_becoming_structure(
    raw: str, escaped: str
) -> None:
    assert md_escape(raw) == escaped


@pytest.mark.parametrize(
    ("output", "fmt", "expected"),
    [
        (None, None, "md"),
        ("a.html", None, "html"),
        ("a.HTM", None, "html"),
        ("a.pdf", None, "pdf"),
        ("a.txt", "md", "md"),
        (None, "html", "html"),
    ],
)
def test_the_format_comes_from_the_option_or_the_extension(
    output: str | None, fmt: str | None, expected: str
) -> None:
    assert resolve_format(Path(output) if output else None, fmt) == expected


@pytest.mark.parametrize(
    ("output", "fmt", "message"),
    [
        (None, "pdf", "PDF goes to a file"),
        ("a.html", "md", "the extension says html"),
        (None, "docx", "not offered here"),
    ],
)
def test_format_mistakes_are_one_line(output: str | None, fmt: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        resolve_format(Path(output) if output else None, fmt)


def test_without_weasyprint_pdf_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("weasyprint"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(UserError) as err:
        html_to_pdf("<p>hi</p>")
    assert str(err.value) == INSTALL_HINT
    assert "pip install 'facilitate[pdf]'" in INSTALL_HINT


def test_the_pdf_step_fetches_no_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title>"
        f"<link rel='attachment' href='file://{secret}'>"
        f"<link rel='stylesheet' href='file://{secret}'></head>"
        f"<body><p>hello</p><img src='file://{secret}' alt='x'></body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert b"TOP-SECRET-CONTENT" not in pdf
    assert b"EmbeddedFile" not in pdf


def test_paper_comes_from_the_option_then_the_profile_then_a4() -> None:
    from facilitate.models.workspace import Profile
    from facilitate.render.formats import resolve_paper

    letter = Profile(name="g", paper="letter")
    assert resolve_paper(None) == "a4"
    assert resolve_paper(None, letter) == "letter"
    assert resolve_paper("A4", letter) == "a4"
    with pytest.raises(UserError, match="paper a5: choose a4 or letter"):
        resolve_paper("a5")

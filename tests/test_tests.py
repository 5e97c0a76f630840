"""tests/ mirrors src/facilitate/: every module has a test file of its own at the same path.

``src/facilitate/group/safety.py`` is tested in ``tests/group/test_safety.py``; a private
module drops its underscore (``cli/_app.py`` -> ``tests/cli/test_app.py``). A new module
without a test file fails here: add one (a few real tests are enough), or add it below with
the reason, which a reviewer will question.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "facilitate"
TESTS = REPO / "tests"

EXCEPTIONS = {
    # The package's public API; tested as such in tests/test_api.py.
    "__init__.py": "tests/test_api.py",
    # `python -m facilitate`: one call to the command line, run by tests/cli/test_catalog.py
    # (and from an installed wheel by tests/test_packaging.py).
    "__main__.py": "tests/cli/test_catalog.py",
}
"""Modules without a mirrored test file, each with where it is tested instead."""


def mirrored(module: Path) -> Path:
    rel = module.relative_to(SRC)
    return TESTS / rel.parent / f"test_{rel.name.lstrip('_')}"


def modules() -> list[Path]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        # A subpackage's __init__.py holds a docstring and at most lazy re-exports.
        if path.name == "__init__.py" and rel != "__init__.py":
            continue
        found.append(path)
    return found


def test_every_module_has_its_own_test_file() -> None:
    missing = [
        f"{m.relative_to(SRC).as_posix()} -> {mirrored(m).relative_to(REPO).as_posix()}"
        for m in modules()
        if m.relative_to(SRC).as_posix() not in EXCEPTIONS and not mirrored(m).is_file()
    ]
    assert not missing, "modules without a test file of their own:\n" + "\n".join(missing)


def test_the_exceptions_are_real_and_still_needed() -> None:
    for module, tested_in in EXCEPTIONS.items():
        assert (SRC / module).is_file(), f"{module} is gone; drop it from EXCEPTIONS"
        assert (REPO / tested_in).is_file(), f"{tested_in} (for {module}) does not exist"
        assert not mirrored(SRC / module).is_file() or module == "__init__.py", (
            f"{module} has a mirrored test file now; drop it from EXCEPTIONS"
        )


def test_every_test_folder_is_a_package() -> None:
    # Test files of the same name in different folders (tests/cli/test_agenda.py and
    # tests/planning/test_agenda.py) need __init__.py files to be told apart.
    for folder in TESTS.rglob("*"):
        if folder.is_dir() and any(folder.glob("test_*.py")):
            assert (folder / "__init__.py").is_file(), f"{folder} has no __init__.py"


# -- the checking helpers check ------------------------------------------------------------------


DECK = "# Cards\n\nFor facilitators.\n\n## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n"


def test_linting_by_sections_finds_what_linting_whole_finds() -> None:
    from conftest import markdown_lint, markdown_lint_sections

    assert markdown_lint(DECK) == markdown_lint_sections(DECK) == []
    inside = DECK.replace("## Two\n\nText.", "## Two\n\n#### Too deep")
    assert markdown_lint(inside) and markdown_lint_sections(inside)
    assert markdown_lint_sections(inside)[0].startswith("## Two: ")
    # two blank lines between sections: only the joined check can see it
    join = DECK.replace("Text.\n\n## Two", "Text.\n\n\n## Two")
    assert markdown_lint(join)
    assert {line.split(":")[0] for line in markdown_lint_sections(join)} == {"(joins)"}


def test_pdftotext_reads_pages_words_and_end_of_line_hyphens(tmp_path: Path) -> None:
    from facilitate.render.pdf import html_to_pdf
    from tests import pdftext

    words = " ".join(["long"] * 40)
    html = (
        "<!DOCTYPE html><html lang='en'><title>t</title><body style='width: 12em'>"
        f"<p>First ﬁnd {words} conflict-between-members card.</p>"
        "<p style='break-before: page'>Second page</p></body></html>"
    )
    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(html_to_pdf(html))
    texts = pdftext.page_texts(pdf)
    assert len(texts) == 2
    assert "find" in texts[0] and "Second page" in texts[1]
    assert "conflict-between-members" in "".join(texts[0].split())
    assert pdftext.first_page_text(pdf) == texts[0] + "\f"
    pages = pdftext.pages(pdf)
    assert [len(p.words) > 0 for p in pages] == [True, True]
    first = pages[0].words[0]
    assert first.text == "First" and 0 < first.x0 < first.x1 < pages[0].width
    assert 0 < first.top < first.bottom < pages[0].height

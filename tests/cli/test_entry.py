"""The console script: a plain run reaches Typer."""

from __future__ import annotations

import subprocess
import sys


def test_the_console_script_runs_the_command_line() -> None:
    code = (
        "import sys; sys.argv = ['facilitate', '--version']; "
        "from facilitate.cli.entry import main; main()"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()

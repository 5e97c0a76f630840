"""`facilitate doctor`: check the workspace and catalogs before a meeting."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli._app import load_group, stdout_is_terminal
from facilitate.cli._console import echo, print_json


def doctor(
    ctx: typer.Context,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Check this region's crisis lines instead of the profile's."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Check the workspace and catalogs before a meeting.

    Exits 1 when something essential is missing (crisis numbers, the workspace, a broken file).
    """
    from facilitate.group.doctor import Severity, diagnose
    from facilitate.group.setup import normalise_region

    # Leniently: a facilitate.yaml with problems is one of the doctor's findings.
    group = load_group(ctx, lenient=True)
    report = diagnose(group, region=normalise_region(region))
    if as_json:
        print_json(
            {
                "workspace": str(report.workspace) if report.workspace else None,
                "ready": report.ready,
                "findings": [f.as_dict() for f in report.findings],
            }
        )
    else:
        fancy = stdout_is_terminal()
        marks = {
            Severity.OK: "✓" if fancy else "ok:",
            Severity.ADVICE: "!" if fancy else "advice:",
            Severity.ESSENTIAL: "✗" if fancy else "missing:",
        }
        lines = []
        for f in report.findings:
            lines.append(f"{marks[f.severity]} {f.area}: {f.message}")
            lines.extend(f"    {d}" for d in f.details)
        n = len(report.essential)
        lines.append("")
        if n:
            lines.append(
                f"Not ready: {n} essential item{'s' if n != 1 else ''} missing for a safe meeting."
            )
        else:
            advice = len(report.advice)
            extra = f" ({advice} suggestion{'s' if advice != 1 else ''} above)" if advice else ""
            lines.append(f"Ready: nothing essential is missing{extra}.")
        echo("\n".join(lines))
    if not report.ready:
        raise typer.Exit(1)

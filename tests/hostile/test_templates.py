"""User templates as an attacker writes them: no code, no private files, no hang, no traceback."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitate.catalog import open_catalog
from facilitate.documents.agenda import AgendaRequest, build_agenda
from facilitate.errors import TemplateError
from facilitate.group.group import Group
from facilitate.render.env import render
from facilitate.render.sandbox import Record, plain
from tests.conftest import Run, write_tree
from tests.hostile.conftest import assert_refused, snapshot, within

PICKLE = "cos\\nsystem\\n(S'touch pwned.txt'\\ntR."

# What an attacker tries on any object a template can reach. Each must be refused or undefined.
ATTACKS = [
    f"parse_raw(\"{PICKLE}\", proto='pickle', allow_pickle=True)",
    "parse_file('/etc/passwd')",
    "model_validate_json('{}')",
    "model_dump()",
    "model_copy()",
    "dict()",
    "json()",
    "copy()",
    "__class__",
    "__init__.__globals__",
    "_fields",
    "field_names()",
    "mro()",
    "format('{0.__class__}')",
    "format_map({})",
    "replace('a', 'b')",
    "encode('utf-8')",
    "translate({})",
    "update({})",
    "append(1)",
    "pop()",
]


def _reachable(value: Any, path: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """Every object path in a plain context, one of each kind of container per level."""
    yield path, value
    if depth > 4:
        return
    if isinstance(value, Record):
        for name in sorted(value.field_names()):
            yield from _reachable(value[name], f"{path}.{name}", depth + 1)
    elif isinstance(value, dict):
        for key in list(value)[:3]:
            if isinstance(key, str) and key.isidentifier():
                yield from _reachable(value[key], f"{path}.{key}", depth + 1)
    elif isinstance(value, tuple) and value:
        yield from _reachable(value[0], f"{path}[0]", depth + 1)


OUTSIDE = Group(catalog=open_catalog(), today=dt.date(2026, 3, 2))


@pytest.fixture(scope="module")
def agenda_paths() -> list[str]:
    """The path of every distinct object that the agenda template is given."""
    result = build_agenda(OUTSIDE, AgendaRequest(topic="boundaries", seed=1))
    context = {k: plain(v) for k, v in result.context.items()}
    seen: set[str] = set()
    paths = []
    for name, value in context.items():
        for path, obj in _reachable(value, name):
            # one path per shape (the same field in every list item behaves the same)
            shape = type(obj).__name__ + ":" + path.split(".")[-1]
            if shape not in seen:
                seen.add(shape)
                paths.append(path)
    assert len(paths) > 40  # the walk really reached the nested models
    return paths


def test_every_object_a_template_reaches_refuses_every_escape(
    tmp_path: Path, agenda_paths: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = build_agenda(OUTSIDE, AgendaRequest(topic="boundaries", seed=1))
    context = {**result.context, "audience": "facilitator", "facilitator": True}
    context.update(paper="a4", large_print=False)
    tried = 0
    for path in agenda_paths:
        for attack in ATTACKS:
            write_tree(tmp_path / "t", {"agenda.j2.md": f"{{{{ {path}.{attack} }}}}\n"})
            with pytest.raises(TemplateError) as info:
                render("agenda", context, "md", [tmp_path / "t"])
            assert "agenda.j2.md:1" in str(info.value), (path, attack, str(info.value))
            tried += 1
    assert not (tmp_path / "pwned.txt").exists()
    assert tried == len(agenda_paths) * len(ATTACKS)


def test_the_issue_example_runs_no_command(run: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "tpl/agenda.j2.md": '{{ topic.parse_raw("' + PICKLE + "\", proto='pickle', "
            "allow_pickle=True) }}\n"
        },
    )
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    line = assert_refused(res, "agenda.j2.md:1")
    assert "parse_raw" in line
    assert not (tmp_path / "pwned.txt").exists()


# (template source, words the refusal must contain)
LIMIT_CASES = [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "range"),
    ("{{ 7 ** (7 ** 9) }}", "too large"),
    ("{{ 'x' * 10**11 }}", "too long"),
    ("{{ [1] * 10**10 }}", "too long"),
    ("{% set s = 'x' * 4000000 %}{{ s ~ s }}", "too long"),
    ("{% set s = 'x' * 4000000 %}{{ s + s }}", "too long"),
    ("{{ 'ab' | replace('', 'x' * 100000) | replace('', 'y' * 1000) }}", "too long"),
    ("{{ '%999999999d' | format(1) }}", "width"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "without end"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ 'a' + 1 }}", "TypeError"),
    ("{{ lipsum(10**6) }}", "undefined"),
    ("{{ range.__self__ }}", "no attribute '__self__'"),
    ("{{ cycler.__init__.__globals__ }}", "'__init__' of 'type' object is unsafe"),
    ("{{ ''.format }}", "'format' of 'str' object is unsafe"),
    ("{{ '{0.__class__}'.format(1) }}", "'format' of 'str' object is unsafe"),
    ("{{ 'x' | center(10**9) }}", "No filter named 'center'"),
    ("{{ 'x' | indent(10**9) }}", "No filter named 'indent'"),
    ("{{ now().strftime('%s' * 3) }}", "'now' is undefined"),
    ("{% for i in range(3) %}{{ loop.__class__ }}{% endfor %}", "'__class__' of 'LoopContext'"),
    ("{% set ns = namespace(a=1) %}{{ ns.__dict__ }}", "no attribute '__dict__'"),
    ("{% include 'agenda.j2.md' %}", "without end"),
    # From the attacker's review: work done inside one C call, checked before it runs.
    ("{{ ([[0]] * 5000000) | sum(start=[]) | length }}", "adds numbers only"),
    ("{{ ('%999999999s' % 'a') | length }}", "width or precision"),
    ("{{ '%.999999999f' % 1.0 }}", "width or precision"),
    ("{{ '%(a)999999999s' | format(a='x') }}", "width or precision"),
    ("{{ ('x' * 4000000) | replace('x', 'y' * 300, -1) | length }}", "too long"),
    ("{{ (['x' * 5000000] * 500) | join | length }}", "too long"),
    ("{{ [[[[1]]]] | tojson(indent=200000000) | length }}", "indents by at most 8"),
    ("{% for b in range(1) | batch(300000000, 'x') %}{% endfor %}", "batch() makes groups"),
    ("{% for x in range(1) | slice(10**15) | select %}{% endfor %}", "slice() makes"),
    (
        "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}"
        "{% set ns.l = ns.l + [('x' * 4999990) ~ i] %}{% endfor %}",
        "built more than",
    ),
    ("{% if 1 %}" * 101 + "x" + "{% endif %}" * 101, "nests too deeply"),
    ("{% for x in [1] %}" * 25 + "x" + "{% endfor %}" * 25, "nests too deeply"),
]


@pytest.mark.parametrize(("source", "words"), LIMIT_CASES)
def test_a_template_is_bounded_and_every_error_is_one_line(
    run: Run, tmp_path: Path, source: str, words: str
) -> None:
    write_tree(tmp_path, {"tpl/agenda.j2.md": source + "\n"})
    before = snapshot(tmp_path)
    with within(6.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl", "--seed", "1")
    line = assert_refused(res, "agenda.j2.md", words)
    assert line.startswith("facilitate: ")
    assert snapshot(tmp_path) == before


def test_a_template_that_writes_too_much_is_stopped(run: Run, tmp_path: Path) -> None:
    source = "{% for i in range(900000) %}" + "x" * 20 + "{% endfor %}\n"
    write_tree(tmp_path, {"tpl/agenda.j2.md": source})
    with within(5.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "wrote more than")


def test_a_time_limit_that_is_caught_once_still_stops_the_template(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitate.render import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    # Attribute look-ups catch every ordinary error: the limit is no ordinary error.
    source = (
        "{% set s = 'x' * 3000 %}{% for a in s %}{% for b in s %}{% for c in s %}"
        "{% set _ = c.upper %}{% set _ = loop.length is defined %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    write_tree(tmp_path, {"tpl/agenda.j2.md": source + "\n"})
    with within(8.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "took longer than")


def test_a_lone_surrogate_is_made_visible_not_a_crash(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"tpl/agenda.j2.md": "{{ '%c' % 55296 }} and {{ topic.id }}\n"})
    shown = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert shown.exit_code == 0, shown
    assert shown.stdout.startswith("{U+D800} and boundaries")
    saved = run("agenda", "--topic", "boundaries", "--templates", "tpl", "-o", "out.md")
    assert saved.exit_code == 0, saved
    assert (tmp_path / "out.md").read_text().startswith("{U+D800} and boundaries")


def test_a_template_folder_that_is_a_link_is_refused(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"real/agenda.j2.md": "{% include 'etc/hostname' %}\n"})
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "facilitate.yaml").write_text("version: 1\nname: Pier\n")
    (tmp_path / "ws" / "templates").symlink_to("/")
    res = run("--workspace", "ws", "agenda", "--topic", "boundaries", "--no-record")
    assert_refused(res, "the template folder is a link")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_template_name_that_is_not_a_file_is_refused(run: Run, tmp_path: Path, kind: str) -> None:
    (tmp_path / "tpl").mkdir()
    target = tmp_path / "tpl" / "agenda.j2.md"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with within(5.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "not a plain template file")


def test_a_huge_template_is_refused_before_compiling(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"tpl/agenda.j2.md": "{{ topic.title }}\n" * 40000})
    with within(6.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "may be at most")


def test_a_pdf_of_endless_pages_is_refused(run: Run, tmp_path: Path) -> None:
    page = '<p style="break-after: page">{{ i }}</p>'
    source = (
        "<!doctype html><html lang=en><title>x</title><body>"
        "{% for i in range(300) %}" + page + "{% endfor %}</body></html>\n"
    )
    write_tree(tmp_path, {"tpl/agenda.j2.html": source})
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl", "-o", "x.pdf")
    assert_refused(res, "pages")
    assert not (tmp_path / "x.pdf").exists()


def test_one_format_cannot_poison_the_others_compiled_templates(run: Run, tmp_path: Path) -> None:
    from facilitate.render import env as env_module

    write_tree(tmp_path, {"tpl/agenda.j2.md": "{% include '_base.j2.html' ignore missing %}x\n"})
    env_module._environment.cache_clear()
    run("agenda", "--topic", "boundaries", "--templates", "tpl")
    env_module._environment.cache_clear()  # as the next command, in a new process
    res = run("agenda", "--topic", "boundaries", "--format", "html")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("<!DOCTYPE html>") or res.stdout.lower().startswith("<!doctype")


def test_a_slow_template_meets_the_time_limit(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitate.render import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    # Loops over a long string are not ranges: only the clock stops them.
    source = "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    write_tree(tmp_path, {"tpl/agenda.j2.md": source + "\n"})
    with within(6.0):
        res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "took longer than")


def test_an_include_through_a_link_out_of_the_folder_is_refused(run: Run, tmp_path: Path) -> None:
    secret = tmp_path / "private" / "pw.txt"
    write_tree(tmp_path, {"private/pw.txt": "hunter2\n", "tpl/agenda.j2.md": ""})
    (tmp_path / "tpl" / "agenda.j2.md").write_text("{% include 'pw.txt' %}\n")
    (tmp_path / "tpl" / "pw.txt").symlink_to(secret)
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "outside the template folders")
    assert "hunter2" not in res.stdout + res.stderr


def test_a_linked_folder_inside_the_templates_folder_is_refused_too(
    run: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"elsewhere/x.txt": "secret\n", "tpl/agenda.j2.md": ""})
    (tmp_path / "tpl" / "agenda.j2.md").write_text("{% include 'sub/x.txt' %}\n")
    (tmp_path / "tpl" / "sub").symlink_to(tmp_path / "elsewhere")
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "outside the template folders")


def test_a_template_that_is_not_utf8_is_one_line(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"tpl/agenda.j2.md": b"caf\xe9 {{ topic.title }}\n"})
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl")
    assert_refused(res, "agenda.j2.md", "not UTF-8")


def test_the_shipped_templates_still_reach_what_they_need(run: Run, tmp_path: Path) -> None:
    # The allow-list is narrow; a template pack's ordinary moves still work.
    source = (
        "{% import 'builtin:_agenda_macros.j2.md' as m %}"
        "{{ topic.title | upper }} {{ topic.id.split('-') | join('/') }} "
        "{% for p in topic.check_in %}{{ loop.index }}{{ p.depth }}{% endfor %} "
        "{{ '%.1f' | format(2.25) }} {{ today }} {{ segments | length }} "
        "{% set ns = namespace(n=0) %}{% for s in segments %}{% set ns.n = ns.n + s.minutes %}"
        "{% endfor %}{{ ns.n }}\n"
    )
    write_tree(tmp_path, {"tpl/agenda.j2.md": source})
    res = run("agenda", "--topic", "boundaries", "--templates", "tpl", "--seed", "1")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("SETTING BOUNDARIES THAT FIT YOU boundaries 1light")
    assert res.stdout.rstrip().endswith(" 90")


def test_a_planted_compiled_template_is_loaded_only_from_a_private_cache(
    run: Run, tmp_path: Path, fresh_cache: Path
) -> None:
    import io
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    from facilitate.render import env as env_module

    root = Path(os.environ["XDG_CACHE_HOME"]) / "facilitate"
    env_module._environment.cache_clear()  # this test's own cache folder
    assert run("agenda", "--topic", "boundaries").exit_code == 0  # fills the cache
    [folder] = root.glob("templates-*")
    entries = list(folder.glob("*.cache"))
    assert entries
    # In the place of every compiled template: code that makes a file when it runs.
    code = compile("open('pwned.txt', 'w').close()", "<planted>", "exec")
    checksums = {}
    for entry in entries:
        stream = io.BytesIO(entry.read_bytes())
        assert stream.read(len(bc_magic)) == bc_magic
        checksums[entry] = pickle.load(stream)

    def attempt(file_mode: int, folder_mode: int) -> bool:
        folder.chmod(0o700)
        for entry in entries:  # planted afresh: an ignored entry is compiled and rewritten
            entry.unlink(missing_ok=True)
            entry.write_bytes(bc_magic + pickle.dumps(checksums[entry], 2) + marshal.dumps(code))
            entry.chmod(file_mode)
        folder.chmod(folder_mode)
        env_module._environment.cache_clear()  # as a new process: nothing compiled in memory
        # Planted code is no template: Jinja2 fails after running it (the runner keeps that).
        run("agenda", "--topic", "boundaries")
        ran = (tmp_path / "pwned.txt").exists()
        (tmp_path / "pwned.txt").unlink(missing_ok=True)
        return ran

    assert not attempt(0o666, 0o700)  # the file is writable by others: ignored
    assert not attempt(0o600, 0o777)  # the folder is writable by others: ignored
    # The control: the same planted file in a private cache is loaded (only the user could
    # have put it there), which shows the two refusals above are the trust rule at work.
    try:
        assert attempt(0o600, 0o700)
    finally:
        folder.chmod(0o700)
        for entry in entries:
            entry.unlink(missing_ok=True)
        env_module._environment.cache_clear()  # no later test may get the planted code


def test_dates_offer_only_plain_date_codes(tmp_path: Path) -> None:
    import datetime as dt

    write_tree(
        tmp_path,
        {"d.j2.md": "{{ day.strftime('%a %d %b') }}\n", "e.j2.md": "{{ day.strftime('%s%f') }}\n"},
    )
    assert render("d", {"day": dt.date(2027, 1, 5)}, "md", [tmp_path]) == "Tue 05 Jan\n"
    with pytest.raises(TemplateError, match="plain date codes"):
        render("e", {"day": dt.date(2027, 1, 5)}, "md", [tmp_path])


def test_a_template_is_given_no_live_object() -> None:
    from facilitate.models.catalog import Prompt

    with pytest.raises(TypeError, match="cannot be given a"):
        plain(object())
    record = plain(Prompt(text="What helped this week?"))
    assert isinstance(record, Record)
    assert record.key == Prompt(text="What helped this week?").key  # own properties come along
    assert record.depth == "medium"  # enums become their plain value

"""The catalog parse cache: hits give the same models, and anything changed or broken is a miss."""

from __future__ import annotations

import gc
import os
import pickle
import re
import shutil
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run, write_tree
from facilitate.catalog.layers import Catalog, Source
from facilitate.catalog.loader import KINDS, load_file
from facilitate.errors import CatalogError
from facilitate.storage import cache
from facilitate.storage.cache import LazyDocument, load_file_cached
from facilitate.storage.paths import data_dir

# Each test here watches the cache fill from empty.
pytestmark = pytest.mark.usefixtures("fresh_cache")

TOPICS = """\
version: 1
topics:
  - id: small-steps
    title: Small steps
    summary: Talking about one small step at a time.
    groups: [general]
    stages: [forming]
    depth: light
    resources: [{resource}]
    check_in: [What is one word for today?]
    discussion:
      - prompt: What is one small step you took this week?
    check_out: [What will you take with you?]
"""


def age(path: Path, seconds: float = 60.0) -> None:
    """Give a file an old change time, as a catalog edited earlier has."""
    old = time.time() - seconds
    os.utime(path, (old, old))


def entries() -> list[Path]:
    root = cache.cache_root()
    return sorted(root.glob("*.pickle")) if root.is_dir() else []


def topics_file(tmp_path: Path, resource: str = "who-peer-support-groups") -> Path:
    builtin = {r.id for r in load_file(data_dir() / "resources.yaml", KINDS["resources"]).items}
    assert resource in builtin or resource == "no-such-resource"
    write_tree(tmp_path, {"cat/topics.yaml": TOPICS.format(resource=resource)})
    path = tmp_path / "cat" / "topics.yaml"
    age(path)
    return path


@pytest.mark.parametrize("name", list(KINDS))
def test_a_hit_gives_models_equal_to_a_fresh_read(name: str) -> None:
    kind = KINDS[name]
    path = data_dir() / kind.filename
    fresh = load_file(path, kind)
    first = load_file_cached(path, kind)
    assert not isinstance(first.doc, LazyDocument)  # a miss: parsed, then stored
    assert len(entries()) == 1
    second = load_file_cached(path, kind)
    assert isinstance(second.doc, LazyDocument)
    assert not second.doc.parsed  # no YAML was read
    assert second.items == fresh.items == first.items
    assert [type(i) for i in second.items] == [type(i) for i in fresh.items]
    assert second.display == fresh.display and second.kind is kind


def test_positions_on_a_hit_come_from_parsing_the_file_on_demand() -> None:
    kind = KINDS["topics"]
    path = data_dir() / kind.filename
    fresh = load_file(path, kind)
    load_file_cached(path, kind)
    hit = load_file_cached(path, kind)
    assert isinstance(hit.doc, LazyDocument)
    where = ("topics", 1, "discussion", 0, "prompt")
    assert hit.doc.position(where) == fresh.doc.position(where)
    assert hit.doc.parsed
    assert hit.doc.data == fresh.doc.data


def test_a_position_for_a_file_gone_since_it_was_cached_is_the_top(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    load_file_cached(path, KINDS["topics"])
    hit = load_file_cached(path, KINDS["topics"])
    path.unlink()
    assert hit.doc.position(("topics", 0, "resources", 0)) == (1, 1)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    kind = KINDS["topics"]
    assert load_file_cached(path, kind).items[0].title == "Small steps"
    assert isinstance(load_file_cached(path, kind).doc, LazyDocument)

    path.write_text(path.read_text("utf-8").replace("Small steps", "Little steps"), "utf-8")
    age(path, 30)
    again = load_file_cached(path, kind)
    assert not isinstance(again.doc, LazyDocument)
    assert again.items[0].title == "Little steps"
    assert load_file_cached(path, kind).items[0].title == "Little steps"


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    # Editors that save by renaming a new file into place give it a new inode.
    path = topics_file(tmp_path)
    kind = KINDS["topics"]
    load_file_cached(path, kind)
    st = path.stat()
    new = path.with_name("new.yaml")
    new.write_text(path.read_text("utf-8").replace("Small steps", "Other steps"), "utf-8")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, path)
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert load_file_cached(path, kind).items[0].title == "Other steps"


def test_a_file_changed_a_moment_ago_is_not_cached(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    os.utime(path)  # now: a second change could keep this time stamp
    load_file_cached(path, KINDS["topics"])
    assert entries() == []
    assert not isinstance(load_file_cached(path, KINDS["topics"]).doc, LazyDocument)


def _with_payload(raw: bytes, payload: bytes) -> bytes:
    """An entry with the same key and a payload whose checksum is right."""
    return raw.split(b"\n", 1)[0] + b"\n%d\n" % zlib.crc32(payload) + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw.split(b"\n", 1)[0] + b"\nnot a pickle",
        lambda raw: _with_payload(raw, pickle.dumps(({"id": 5},))),
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: b"\xff\xfe garbage",
        lambda raw: raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:],
    ],
    ids=["not-a-pickle", "not-topics", "cut-short", "empty", "garbage", "one-bit"],
)
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path, damage: object) -> None:
    path = topics_file(tmp_path)
    kind = KINDS["topics"]
    expected = load_file(path, kind).items
    load_file_cached(path, kind)
    [entry] = entries()
    assert callable(damage)
    entry.write_bytes(damage(entry.read_bytes()))
    loaded = load_file_cached(path, kind)
    assert loaded.items == expected
    assert not isinstance(loaded.doc, LazyDocument)
    assert isinstance(load_file_cached(path, kind).doc, LazyDocument)  # rewritten, whole again


def test_an_entry_from_another_version_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydantic

    path = topics_file(tmp_path)
    for module, name in ((cache, "__version__"), (pydantic, "VERSION")):
        load_file_cached(path, KINDS["topics"])  # (re)writes the entry for these versions
        assert isinstance(load_file_cached(path, KINDS["topics"]).doc, LazyDocument)
        with monkeypatch.context() as patch:
            patch.setattr(module, name, "999.0")
            cache._code_stamp.cache_clear()
            assert not isinstance(load_file_cached(path, KINDS["topics"]).doc, LazyDocument)
        cache._code_stamp.cache_clear()


def test_a_copy_that_keeps_the_modification_time_is_read_again(tmp_path: Path) -> None:
    # `cp -p` or `rsync -a` over the file: same size and mtime; the change time is new.
    path = topics_file(tmp_path)
    kind = KINDS["topics"]
    load_file_cached(path, kind)
    st = path.stat()
    text = path.read_text("utf-8").replace("Small steps", "Smell steps")
    time.sleep(0.01)
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns and path.stat().st_ino == st.st_ino
    assert load_file_cached(path, kind).items[0].title == "Smell steps"


def test_an_entry_others_can_write_is_never_unpickled(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    kind = KINDS["topics"]
    load_file_cached(path, kind)
    [entry] = entries()
    entry.chmod(0o666)
    assert not isinstance(load_file_cached(path, kind).doc, LazyDocument)
    [entry] = entries()  # rewritten privately
    assert entry.stat().st_mode & 0o777 == 0o600
    assert isinstance(load_file_cached(path, kind).doc, LazyDocument)
    entry.parent.chmod(0o777)
    try:
        assert not isinstance(load_file_cached(path, kind).doc, LazyDocument)
    finally:
        entry.parent.chmod(0o700)


def test_entries_of_the_json_format_are_removed(tmp_path: Path) -> None:
    old = cache.cache_root() / "topics-0123456789abcdef.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("[1]\n{}", "utf-8")
    load_file_cached(topics_file(tmp_path), KINDS["topics"])
    assert not old.exists() and len(entries()) == 1


def test_an_invalid_file_is_never_cached(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    path.write_text(path.read_text("utf-8").replace("depth: light", "depth: loud"), "utf-8")
    age(path)
    for _ in range(2):
        with pytest.raises(CatalogError) as err:
            load_file_cached(path, KINDS["topics"])
        [issue] = err.value.issues
        assert (issue.line, issue.column) == (8, 12)
    assert entries() == []


def test_an_invalid_catalog_reports_file_line_col_on_every_run(tmp_path: Path, run: Run) -> None:
    path = topics_file(tmp_path)
    text = path.read_text("utf-8").replace(
        "    depth: light\n", "    depth: light\n    mood: calm\n"
    )
    path.write_text(text, "utf-8")
    age(path)
    outputs = []
    for _ in range(2):
        res = run("--catalog", str(path.parent), "catalog", "validate")
        assert res.exit_code == 2
        outputs.append(res.stderr)
    assert outputs[0] == outputs[1]
    assert re.search(r"topics\.yaml:9:5: ", outputs[0]), outputs[0]
    assert not any(e.name.startswith("topics-") and _names(e, path) for e in entries())


def _names(entry: Path, path: Path) -> bool:
    return str(path.resolve()).encode() in entry.read_bytes().split(b"\n", 1)[0]


def test_a_cross_check_on_a_cached_file_still_points_at_the_line(tmp_path: Path, run: Run) -> None:
    # The file itself is valid (so it is cached); the resource it names is not in the catalog.
    path = topics_file(tmp_path, resource="no-such-resource")
    outputs = []
    for _ in range(2):
        res = run("--catalog", str(path.parent), "catalog", "validate")
        assert res.exit_code == 2
        outputs.append(res.stderr)
    assert any(_names(e, path) for e in entries())  # the second run used the cache
    assert outputs[0] == outputs[1]
    assert re.search(r"topics\.yaml:9:17: .*no-such-resource", outputs[0]), outputs[0]


def test_the_catalog_reads_through_the_cache(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    sources = [Source("built-in", data_dir()), Source("catalog", path.parent)]
    first = Catalog(sources).topics
    second = Catalog(sources).topics
    assert isinstance(second.origins["small-steps"].doc, LazyDocument)
    assert second.items == first.items
    assert list(second.items) == list(first.items)


def test_a_cache_folder_that_cannot_be_written_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = topics_file(tmp_path)
    for _ in range(2):
        loaded = load_file_cached(path, KINDS["topics"])
        assert loaded.items[0].id == "small-steps"
        assert not isinstance(loaded.doc, LazyDocument)
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACILITATE_NO_CACHE", "1")
    path = topics_file(tmp_path)
    load_file_cached(path, KINDS["topics"])
    assert not isinstance(load_file_cached(path, KINDS["topics"]).doc, LazyDocument)
    assert entries() == []


def test_the_garbage_collector_is_left_as_it_was(tmp_path: Path) -> None:
    path = topics_file(tmp_path)
    assert gc.isenabled()
    load_file_cached(path, KINDS["topics"])
    load_file_cached(path, KINDS["topics"])
    assert gc.isenabled()
    gc.disable()
    try:
        load_file_cached(path, KINDS["topics"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_workspace_and_script_files_are_cached_and_edits_are_seen(tmp_path: Path) -> None:
    from facilitate.group.workspace import read_model
    from facilitate.models.script import ScriptFile
    from facilitate.models.workspace import Profile

    script = read_model(data_dir() / "script.yaml", ScriptFile)
    assert read_model(data_dir() / "script.yaml", ScriptFile) == script
    write_tree(tmp_path, {"facilitate.yaml": "name: Tuesday group\nminutes: 90\n"})
    path = tmp_path / "facilitate.yaml"
    age(path)
    assert read_model(path, Profile).minutes == 90
    assert sorted(p.name.split("-")[0] for p in entries()) == ["model", "model"]
    assert read_model(path, Profile).minutes == 90  # from the entry
    path.write_text("name: Tuesday group\nminutes: 75\n", "utf-8")
    age(path, 30)
    assert read_model(path, Profile).minutes == 75
    path.write_text("name: Tuesday group\nminutes: nine\n", "utf-8")
    age(path, 20)
    with pytest.raises(CatalogError) as err:
        read_model(path, Profile)
    assert err.value.issues[0].line == 2


def test_topic_summaries_match_the_topics_and_come_from_their_own_entry(tmp_path: Path) -> None:
    from facilitate.catalog.loader import TopicSummary
    from facilitate.storage.cache import load_summaries_cached

    path = topics_file(tmp_path)
    sources = [Source("built-in", data_dir()), Source("catalog", path.parent)]
    whole = Catalog(sources).topics
    first = Catalog(sources).topic_summaries  # made from the cached topics, then stored
    assert [p.name.split("-")[0] for p in entries()].count("topics") == 4  # 2 files x 2 entries
    again = load_summaries_cached(path, KINDS["topics"])
    assert isinstance(again.doc, LazyDocument) and not again.doc.parsed
    second = Catalog(sources).topic_summaries
    assert list(second.items) == list(first.items) == list(whole.items)
    for key, topic in whole.items.items():
        assert second.items[key] == first.items[key] == TopicSummary.of(topic)
    row = second.items["small-steps"]
    assert (row.depth, row.stages, row.resources) == (
        "light",
        ("forming",),
        ("who-peer-support-groups",),
    )
    assert second.labels["small-steps"] == "catalog"

    path.write_text(path.read_text("utf-8").replace("Small steps", "Little steps"), "utf-8")
    age(path, 30)
    assert Catalog(sources).topic_summaries.items["small-steps"].title == "Little steps"


def test_a_topic_list_still_checks_resources_and_points_at_the_line(
    tmp_path: Path, run: Run
) -> None:
    path = topics_file(tmp_path, resource="no-such-resource")
    for _ in range(2):  # the second run reads the summaries from the cache
        res = run("--catalog", str(path.parent), "topics", "list")
        assert res.exit_code == 2
        assert re.search(r"topics\.yaml:9:17: .*no-such-resource", res.stderr), res.stderr


def test_the_code_stamp_covers_every_python_file_of_the_package() -> None:
    package = Path(cache.__file__).resolve().parents[1]
    names = {name for name, _ in cache._package_files(package)}
    assert names == {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    assert len(names) > 50


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's code that the cache key is taken from instead of the real one."""
    package = Path(cache.__file__).resolve().parents[1]
    copy = tmp_path / "facilitate"
    shutil.copytree(
        package, copy, ignore=shutil.ignore_patterns("__pycache__"), copy_function=shutil.copy2
    )
    monkeypatch.setattr(cache, "_PACKAGE", copy)
    cache._code_stamp.cache_clear()
    yield copy
    cache._code_stamp.cache_clear()


def key_now(catalog: Path) -> bytes:
    cache._code_stamp.cache_clear()
    return cache._key(catalog, "topics", catalog.stat())


def test_changing_any_module_of_the_package_changes_the_key(
    tmp_path: Path, package_copy: Path
) -> None:
    catalog = topics_file(tmp_path)
    before = key_now(catalog)
    modules = sorted(package_copy.rglob("*.py"))
    assert len(modules) > 50
    seen = {before}
    for module in modules:
        # The same size and the same time stamps, one byte different: only the code changed.
        st = module.stat()
        original = module.read_bytes()
        last = b" " if original[-1:] != b" " else b"\n"
        changed = original[:-1] + last if original else b"#"  # (an empty one cannot keep its size)
        module.write_bytes(changed)
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert module.stat().st_size == st.st_size or not original
        key = key_now(catalog)
        assert key not in seen, module.relative_to(package_copy)
        seen.add(key)
        module.write_bytes(original)
    assert key_now(catalog) == before  # the code as it was: the entries are good again

    (package_copy / "catalog" / "new_module.py").write_text("x = 1\n", encoding="utf-8")
    assert key_now(catalog) not in seen
    (package_copy / "catalog" / "new_module.py").unlink()
    assert key_now(catalog) == before
    (package_copy / "planning" / "groups.py").rename(package_copy / "planning" / "moved.py")
    assert key_now(catalog) not in seen  # a module moved (or removed)


def test_a_module_touched_but_unchanged_keeps_the_key(tmp_path: Path, package_copy: Path) -> None:
    catalog = topics_file(tmp_path)
    before = key_now(catalog)
    for module in package_copy.rglob("*.py"):
        os.utime(module)  # as a `git checkout` of the same code does
    assert key_now(catalog) == before

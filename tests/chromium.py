"""Headless Chromium for the print tests: one browser prints many pages and runs axe-core.

Chromium is driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``: it reads
commands on file descriptor 3 and answers on 4, each message JSON ended by a NUL byte), so no
network port, no websocket library and no browser download are needed: Debian's ``chromium``
and the standard library are enough. axe-core comes from ``tests/browser/node_modules``
(``npm ci`` there, which ``.ci/run`` does); nothing is fetched while the tests run.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One Chromium process and one tab, spoken to over the DevTools pipe."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends Chromium expects
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.send("Page.enable", session=True)

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = False) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            while b"\0" not in self._buffer:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Chromium did not answer {method}")
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe during {method}")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"])[:500])
        return result["result"].get("value")

    def open(self, path: Path) -> None:
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=True)
        for _ in range(500):
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.01)
        raise TimeoutError(f"{path} did not load")

    def pdf(self) -> bytes:
        """The open page as the browser prints it: its own @page size and margins."""
        data = self.send(
            "Page.printToPDF",
            {"preferCSSPageSize": True, "printBackground": True},
            session=True,
        )["data"]
        return base64.b64decode(data)

    def axe(self, source: str) -> list[dict[str, Any]]:
        """axe-core's violations on the open page (rule id, impact, the first few targets)."""
        self.evaluate(source)
        script = (
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, help: v.help, "
            "targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        )
        value = self.evaluate(script)
        return list(value or [])

    def close(self) -> None:
        with suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._out)
        os.close(self._in)


@contextmanager
def browser() -> Iterator[Browser]:
    exe = chromium_path()
    if exe is None:
        raise FileNotFoundError("chromium")
    with tempfile.TemporaryDirectory(prefix="facilitate-chromium-") as profile:
        b = Browser(exe, Path(profile))
        try:
            yield b
        finally:
            b.close()


def print_all(
    pages: Iterable[tuple[Path, Path]], axe_for: Iterable[Path] = ()
) -> dict[Path, list[dict[str, Any]]]:
    """Print each HTML file to its PDF path in one browser; run axe on the ``axe_for`` ones."""
    check = set(axe_for)
    source = AXE.read_text(encoding="utf-8") if check else ""
    found: dict[Path, list[dict[str, Any]]] = {}
    with browser() as b:
        for html, pdf in pages:
            b.open(html)
            pdf.write_bytes(b.pdf())
            if html in check:
                found[html] = b.axe(source)
    return found

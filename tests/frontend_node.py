"""Runs functions of the shipped front-end bundles in one long-lived Node process (parity tests).

`NodeModules(static_dir).call("quiz.js", "gradeResponse", question, response)` imports the bundle
once and returns the function's result as JSON; property-based tests make thousands of calls, so
one process answers them all over a pipe.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

RUNNER = r"""
import { createInterface } from "node:readline";
const modules = new Map();
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { path, name, args } = JSON.parse(line);
  let reply;
  try {
    if (!modules.has(path)) modules.set(path, await import(path));
    const value = await modules.get(path)[name](...args);
    reply = { ok: value === undefined ? null : value };
  } catch (error) {
    reply = { error: `${error.name}: ${error.message}` };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
"""


def node_or_skip() -> str:
    """Node's path; a skip without it, a failure under CI=true (CI installs Debian's nodejs)."""
    node = shutil.which("node")
    if node is None:
        reason = "Node.js is not installed (apt-get install -y nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; parity tests may not skip in CI", pytrace=False)
        pytest.skip(reason)
    return node


class NodeModules:
    """One Node process that imports bundles from a folder and calls their exported functions."""

    def __init__(self, static_dir: Path, workdir: Path):
        self.static_dir = static_dir
        self.workdir = workdir
        runner = workdir / "runner.mjs"
        runner.write_text(RUNNER, encoding="utf-8")
        self.process = subprocess.Popen(
            [node_or_skip(), str(runner)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def _module_url(self, name: str) -> str:
        copy = self.workdir / name.replace(".js", ".mjs")
        if not copy.exists():
            copy.write_bytes((self.static_dir / name).read_bytes())
        return copy.as_uri()

    def call(self, module: str, name: str, *args):
        """The function's return value; a JavaScript exception is raised as RuntimeError."""
        request = {"path": self._module_url(module), "name": name, "args": list(args)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply["ok"]

    def close(self) -> None:
        # Both pipes closed here: a pipe left for the garbage collector raises a ResourceWarning
        # inside whichever later test happens to be running (and recording warnings) then.
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()

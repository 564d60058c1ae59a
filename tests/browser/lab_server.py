"""A real JupyterLab for the browser tests: 127.0.0.1, a free port, a token, fresh settings and
workspace, started and stopped around a test (or a session) by `running_lab`."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

JUPYTER = Path(sys.executable).parent / "jupyter"
STARTUP_TIMEOUT_S = 90
# Fresh settings: every cell rendered (no windowing, so outputs are in the page) and no news
# check (nothing leaves the machine, no toast over the notebook).
FRESH_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


@dataclass(frozen=True)
class Lab:
    base: str
    token: str
    log: Path

    def url(self, path: str) -> str:
        """`/lab/tree/x.ipynb?reset` with the token (a fresh workspace each time)."""
        joiner = "&" if "?" in path else "?"
        return f"{self.base}{path}{joiner}token={self.token}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base: str, token: str, path: str, method: str = "GET"):
    """One call of the server's REST API, its JSON reply (None when empty)."""
    request = urllib.request.Request(f"{base}{path}?token={token}", method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def write_settings(folder: Path, settings: dict) -> None:
    for name, values in settings.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


def _wait_until_up(base: str, token: str, process: subprocess.Popen) -> None:
    """Poll /api/status until the server answers (design.md: then opening Lab is reliable)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            api(base, token, "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise TimeoutError(f"jupyter lab did not answer /api/status in {STARTUP_TIMEOUT_S} s")


@contextmanager
def running_lab(root: Path, work: Path, *, arguments=(), env=None, settings=FRESH_SETTINGS):
    """JupyterLab serving `root`, its runtime, config, settings, workspaces and log in `work`."""
    write_settings(work / "settings", settings)
    port, token = free_port(), secrets.token_hex(16)
    environment = {
        **(env if env is not None else os.environ),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTER_CONFIG_DIR": str(work / "config"),
    }
    defaults = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        # Root in containers and CI; the extension manager would otherwise ask PyPI.
        "--allow-root",
        "--LabApp.extension_manager=readonly",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={work / 'settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
    ]
    # An option given in `arguments` replaces the default (JupyterLab refuses some twice).
    given = {argument.split("=", 1)[0] for argument in arguments}
    kept = [option for option in defaults if option.split("=", 1)[0] not in given]
    command = [str(JUPYTER), "lab", *kept, *arguments]
    log_path = work / "lab.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=root
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, token, process)
            yield Lab(base, token, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

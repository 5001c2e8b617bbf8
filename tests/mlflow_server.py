"""A real `mlflow server` for tests: from its own virtual environment (bin/mlflow-venv, var/mlflow-venv),
SQLite backend store, a free loopback port, one worker. Outside CI a server that cannot be created skips
the tests with the reason; with CI=true it fails them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
STARTUP_TIMEOUT = 90.0


def _problem(message: str):
    if IN_CI:
        pytest.fail(f"CI=true and the MLflow server is unavailable: {message}", pytrace=False)
    pytest.skip(f"MLflow server unavailable: {message}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mlflow_executable() -> str:
    try:
        done = subprocess.run(
            ["bash", str(ROOT / "bin" / "mlflow-venv")],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _problem(f"bin/mlflow-venv did not finish: {exc}")
    if done.returncode != 0:
        _problem(f"bin/mlflow-venv failed: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


class MlflowServer:
    def __init__(self, workdir: Path, port: int | None = None, admin_password: str = "") -> None:
        """With `admin_password`, MLflow's basic-auth app guards the server (user `admin`)."""
        self.workdir = workdir
        self.admin_password = admin_password
        self.port = port or free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "mlflow-server.log"

    def start(self, executable: str) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        command = [
            executable, "server",
            "--backend-store-uri", f"sqlite:///{self.workdir / 'mlflow.db'}",
            "--default-artifact-root", str(self.workdir / "artifacts"),
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
        ]  # fmt: skip
        env = dict(os.environ)
        if self.admin_password:
            command += ["--app-name", "basic-auth"]
            env["MLFLOW_AUTH_ADMIN_PASSWORD"] = self.admin_password
            env["MLFLOW_FLASK_SERVER_SECRET_KEY"] = "test-only-mlflow-server-secret"
            env["MLFLOW_AUTH_CONFIG_PATH"] = str(self._auth_config())
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                _problem(f"mlflow server exited {self.process.returncode}: {self.log()[-2000:]}")
            if self.healthy():
                return
            time.sleep(0.5)
        self.stop()
        _problem(f"mlflow server did not answer within {STARTUP_TIMEOUT:.0f} s: {self.log()[-2000:]}")

    def _auth_config(self) -> Path:
        path = self.workdir / "basic_auth.ini"
        path.write_text(
            "[mlflow]\ndefault_permission = READ\n"
            f"database_uri = sqlite:///{self.workdir / 'basic_auth.db'}\n"
            f"admin_username = admin\nadmin_password = {self.admin_password}\n"
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
        )
        return path

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.uri}/health", timeout=2) as response:  # noqa: S310 - loopback
                return response.status == 200
        except OSError:
            return False

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """The server's process group (uvicorn and its worker)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)

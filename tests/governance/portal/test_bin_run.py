"""`make run` (bin/run) in a real process group: the banner lists every demo login, and the SIGTERM that
systemd and container runtimes send to the group stops the server, the worker and beat within 15 s (the
Celery worker stayed in "Warm shutdown" until SIGKILL; issue 15, item 19)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from governance.portal.management.commands.seed_demo import PEOPLE

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_run_lists_every_demo_user_and_stops_on_sigterm_within_15_seconds(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "DEBUG": "true",
        "PORT": str(_free_port()),
        "CELERY_CONCURRENCY": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = tmp_path / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", str(ROOT / "bin" / "run")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    pgid = process.pid
    try:
        deadline = time.monotonic() + 240
        while "Health:" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()[-3000:]
            time.sleep(0.5)
        banner = log.read_text()
        assert "Health:" in banner, banner[-3000:]
        for username in ["gov.lead", "auditor", *(p[0] for p in PEOPLE)]:
            assert f"    {username} " in banner, (username, banner[-3000:])
        time.sleep(3)  # let the worker finish starting: the hard case is a worker that is up
        started = time.monotonic()
        os.killpg(pgid, signal.SIGTERM)
        while time.monotonic() - started < 20:
            process.poll()  # reap bin/run itself: a zombie leader would keep the group "alive"
            if not _group_alive(pgid):
                break
            time.sleep(0.2)
        took = time.monotonic() - started
        assert not _group_alive(pgid), f"still running after {took:.1f} s:\n{log.read_text()[-3000:]}"
        assert took <= 15, took
    finally:
        if _group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
        process.wait(timeout=10)

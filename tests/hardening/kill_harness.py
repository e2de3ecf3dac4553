"""The parent side of the kill harness: start the workload server, run a worker, kill it.

See tests/hardening/crash_workload.py for the child side and its line protocol.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
# Long enough for a loaded CI machine, short enough that a hung worker fails the test soon.
ANSWER_TIMEOUT_S: Final = 60.0


@dataclass(frozen=True)
class KillPlan:
    """When to SIGKILL the worker: ``delay`` seconds after READY, or ``then`` seconds (0: at
    once) after the ``count``-th line starting with ``trigger``; ``delay`` is then only a
    fallback in case the trigger never comes."""

    delay: float
    trigger: str | None = None
    count: int = 1
    then: float = 0.0


@dataclass
class RunLog:
    """What a killed worker said before it died, every line of it."""

    lines: list[str] = field(default_factory=list)
    pid: int | None = None
    killed: bool = False

    def words(self, first: str) -> list[list[str]]:
        return [line.split() for line in self.lines if line.split()[0] == first]

    def acknowledged(self, kind: str) -> list[str]:
        return [w[2] for w in self.words("ACK") if w[1] == kind]

    def begun(self, kind: str) -> list[str]:
        return [w[2] for w in self.words("BEGIN") if w[1] == kind]

    def unfinished(self, kind: str) -> str | None:
        """The label of the unit of work that was running when the kill came, if any."""
        acked = set(self.acknowledged(kind))
        open_units = [label for label in self.begun(kind) if label not in acked]
        return open_units[-1] if open_units else None


class WorkloadServer:
    """The child process that imports the models once and forks one worker per run."""

    def __init__(self, stderr_path: Path) -> None:
        self._stderr_path = stderr_path
        self._stderr: IO[bytes] = open(stderr_path, "wb")  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.hardening.crash_workload"],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self._next_line(time.monotonic() + ANSWER_TIMEOUT_S)
        assert first == "SERVING", self._failure(f"the workload server said {first!r}")

    def _read(self) -> None:
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            if line := raw.decode("ascii", "replace").strip():
                self._lines.put(line)
        self._lines.put(None)

    def _next_line(self, deadline: float) -> str | None:
        try:
            return self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(self._failure("the workload stopped answering")) from None

    def _failure(self, what: str) -> str:
        self._stderr.flush()
        tail = self._stderr_path.read_text(errors="replace")[-3000:]
        return f"{what}\n--- workload stderr ---\n{tail}"

    def run(self, command: dict[str, Any], plan: KillPlan) -> RunLog:
        """Start one worker, SIGKILL it as ``plan`` says, and return everything it said."""
        assert self._process.stdin is not None
        self._process.stdin.write((json.dumps(command) + "\n").encode())
        self._process.stdin.flush()
        log = RunLog()
        try:
            return self._watch(log, plan)
        except BaseException:
            # Never leave a worker writing on its own after a failed test.
            if log.pid is not None and not log.killed:
                os.kill(log.pid, signal.SIGKILL)
            raise

    def _watch(self, log: RunLog, plan: KillPlan) -> RunLog:
        hard_deadline = time.monotonic() + ANSWER_TIMEOUT_S
        kill_at: float | None = None
        seen = 0

        def kill() -> None:
            assert log.pid is not None
            os.kill(log.pid, signal.SIGKILL)
            log.killed = True

        while True:
            if not log.killed and kill_at is not None and time.monotonic() >= kill_at:
                kill()
            waiting = log.killed or kill_at is None
            wait_until = hard_deadline if waiting else min(kill_at or 0.0, hard_deadline)
            try:
                line = self._lines.get(timeout=max(0.0, wait_until - time.monotonic()))
            except queue.Empty:
                if time.monotonic() >= hard_deadline:
                    raise AssertionError(self._failure("the workload stopped answering")) from None
                continue
            if line is None:
                raise AssertionError(self._failure("the workload server died"))
            log.lines.append(line)
            first = line.split()[0]
            if first == "ERROR":
                raise AssertionError(self._failure(f"the worker failed by itself: {line}"))
            if first == "READY":
                log.pid = int(line.split()[1])
                kill_at = time.monotonic() + plan.delay
            elif first == "EXIT":
                assert log.killed, self._failure("the worker ended without being killed")
                status = os.waitstatus_to_exitcode(int(line.split()[2]))
                assert status == -signal.SIGKILL, self._failure(f"the worker ended with {status}")
                return log
            elif not log.killed and first == plan.trigger:
                seen += 1
                if seen == plan.count and plan.then == 0.0:
                    kill()
                elif seen == plan.count:
                    kill_at = time.monotonic() + plan.then

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.close()

"""Core dumps are disabled at start-up, as KeePassXC does (issue 8, "No leaks").

Each check runs in a fresh interpreter: hardening the test runner itself would make every later
test's crash undebuggable, and the point is what the process looks like from the inside after
start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no core limit on Windows")

_READ_STATE = """
import json, resource, sys
state = {"core": list(resource.getrlimit(resource.RLIMIT_CORE))}
if sys.platform.startswith("linux"):
    import ctypes, ctypes.util
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    state["dumpable"] = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    with open("/proc/self/status") as status:
        state["status"] = status.read()
print(json.dumps(state))
"""


def _run(script: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_fresh_process_could_dump_core_so_the_check_means_something() -> None:
    before = _run(_READ_STATE)
    if sys.platform.startswith("linux"):
        assert before["dumpable"] == 1


def test_harden_process_sets_the_core_limit_to_zero_and_makes_the_process_undumpable() -> None:
    state = _run(
        "from desktop.process_hardening import harden_process\n"
        "report = harden_process()\n"
        "assert report.failed == (), report\n" + _READ_STATE
    )
    assert state["core"] == [0, 0]  # soft and hard: nothing in the process can raise it again
    if sys.platform.startswith("linux"):
        assert state["dumpable"] == 0
        assert isinstance(state["status"], str)


def test_the_real_entry_point_hardens_before_anything_else() -> None:
    state = _run(
        "import sys, json\n"
        "import desktop.__main__ as entry\n"
        "from desktop import process_hardening\n"
        "assert process_hardening.LAST_REPORT is None\n"
        "sys.argv = ['waypost', '--help']\n"
        "try:\n"
        "    entry.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "report = process_hardening.LAST_REPORT\n"
        "assert report is not None, 'main() did not harden the process'\n"
        "assert 'PySide6.QtWidgets' not in sys.modules\n" + _READ_STATE
    )
    assert state["core"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert state["dumpable"] == 0


def test_a_failing_step_is_reported_by_name_and_start_up_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # In this process, but with both steps failing, so nothing is actually changed here.
    from desktop import process_hardening

    def refuse() -> bool:
        raise OSError("operation not permitted by the sandbox /home/someone")

    monkeypatch.setattr(process_hardening, "_disable_core_dumps", refuse)
    monkeypatch.setattr(process_hardening, "_set_not_dumpable", refuse)
    report = process_hardening.harden_process()
    assert not report.core_dumps_disabled
    expected = ("core_limit", "dumpable") if sys.platform.startswith("linux") else ("core_limit",)
    assert report.failed == expected
    assert report == process_hardening.LAST_REPORT
    assert "sandbox" not in caplog.text and "someone" not in caplog.text
    assert all(step in caplog.text for step in expected)

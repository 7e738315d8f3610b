"""Tests that compare with ../shared (HSDS schemas, the source document) never pass unseen on
CI: there a missing file fails the test; on a developer's machine it is a visible skip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

PROBE = """
def test_needs_a_file_that_is_nowhere(shared):
    shared("no/such/file-for-the-probe.txt")
"""


def run_probe(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    """Run a one-test suite using the real conftest.py, with or without ``CI`` set."""
    for helper in ("conftest.py", "crawl.py"):  # the conftest and what it imports
        shutil.copy(HERE / helper, tmp_path / helper)
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(HERE.parent)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("ci", ["true", "True", "1"])
def test_a_missing_shared_file_fails_on_ci(tmp_path, ci):
    result = run_probe(tmp_path, ci)
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "CI must provide ../shared" in result.stdout


def test_a_missing_shared_file_is_a_reported_skip_elsewhere(tmp_path):
    result = run_probe(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "no/such/file-for-the-probe.txt is not on this machine" in result.stdout


def test_the_shared_files_the_suite_uses_are_found_here(shared):
    """On this machine the HSDS schemas and the source document are there, so those tests run."""
    assert (shared("standards/hsds-3.0") / "service.json").is_file()
    assert shared("seed/sterk-voor-noord-monitor-2023-2024.txt").is_file()

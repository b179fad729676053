"""Faults (issue 8): a build killed half-way, a full disk, a read-only output folder.

Whatever happens, the previous outputs in ``--out`` stay as they were (byte for byte), no output
is left truncated or empty, and the next build completes. Errors are one line and exit 2.
The kills run ``kg build`` as a subprocess; disk-full uses a small tmpfs when ``mount`` works
(root) and a patched write otherwise; read-only uses ``chattr +i`` or a read-only bind mount.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.pipeline import FOLDERS, OUTPUTS

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
KG = ROOT / ".venv" / "bin" / "kg"
SMALL = "North Korea has sent thousands of troops to Russia, officials in Seoul said.\n"


def _kg(*args) -> list[str]:
    if KG.exists():
        return [str(KG), *map(str, args)]
    return [sys.executable, "-m", "kg", *map(str, args)]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _staging(out: Path) -> list[Path]:
    return sorted(out.glob(".kg-build-*"))


def _one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("kg: error:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.fixture
def previous(invoke, tmp_path, hostile_check_outputs):
    """``make(out) -> snapshot``: a small finished build in ``out``, its files' bytes."""

    def make(out: Path) -> dict[str, bytes]:
        src = tmp_path / "small.txt"
        src.write_text(SMALL, encoding="utf-8")
        result = invoke("build", src, "--out", out, "-q")
        assert result.exit_code == 0, result.stderr
        hostile_check_outputs(out)
        return _snapshot(out)

    return make


# ------------------------------------------------------------------------------- kill -9, -15


def _start_and_kill(out: Path, corpus: Path, sig: int) -> subprocess.Popen:
    """Start ``kg build`` and send ``sig`` once it is writing its staged outputs."""
    proc = subprocess.Popen(_kg("build", corpus, "--out", out, "-q"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        staged = [p / "mentions.jsonl" for p in _staging(out)]
        if any(p.exists() and p.stat().st_size > 0 for p in staged):
            break
        time.sleep(0.05)
    time.sleep(0.5)  # well into the NLP stage: the 300 articles take ~10 s
    assert proc.poll() is None, "the build ended before it could be killed: use more articles"
    os.kill(proc.pid, sig)
    proc.communicate(timeout=60)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_hostile_killed_build_leaves_previous_outputs_intact(
        tmp_path, previous, hostile_reuters_jsonl, hostile_check_outputs, sig):
    """Killed in the NLP stage: the outputs are as before; SIGTERM removes its staging folder,
    a SIGKILLed one is removed by the next build, which completes (one kill and one rebuild per
    signal: the staging checks were two more tests of ~80 s each)."""
    out = tmp_path / "out"
    before = previous(out)
    corpus = hostile_reuters_jsonl(300)
    proc = _start_and_kill(out, corpus, sig)
    assert proc.returncode != 0
    assert _snapshot(out) == before  # byte-identical, nothing truncated, nothing added
    if sig == signal.SIGTERM:  # the build cleans its own staging folder
        assert _staging(out) == []
    else:  # nothing runs on SIGKILL: the folder stays until the next build
        assert _staging(out), "the killed build left no staging folder (then this is fixed)"
    hostile_check_outputs(out)
    # the next build completes, whatever the killed one left behind, and removes stale staging
    done = subprocess.run(_kg("build", corpus, "--out", out, "-q"), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _staging(out) == []
    parsed = hostile_check_outputs(out)
    assert {m["doc"] for m in parsed["mentions.jsonl"]} == {f"reut-0-{i:05d}" for i in range(300)}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS + FOLDERS)


def test_hostile_leftover_staging_folders_do_not_break_the_next_build(
        invoke, tmp_path, previous, hostile_check_outputs):
    """Staging folders of SIGKILLed builds (here: made up, with junk in them) are ignored."""
    out = tmp_path / "out"
    previous(out)
    for name in (".kg-build-dead1", ".kg-build-dead2"):
        stale = out / name
        stale.mkdir()
        (stale / "graph.ttl").write_text("@prefix broken", encoding="utf-8")
        (stale / "mentions.jsonl").write_bytes(b'{"doc": "trunc')
        (stale / "graph.html").write_bytes(b"")
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    result = invoke("build", src, "--out", out, "-q")
    assert result.exit_code == 0, result.stderr
    parsed = hostile_check_outputs(out)
    assert {m["doc"] for m in parsed["mentions.jsonl"]} == {"new"}
    update = invoke("build", src, "--update", out, "-q")
    assert update.exit_code == 0, update.stderr


def test_hostile_crash_while_exporting_keeps_previous_outputs(invoke, tmp_path, previous,
                                                             monkeypatch):
    """A failure in the last exporter (after the others were written) changes nothing."""
    import kg.exporters.gephi as gephi

    out = tmp_path / "out"
    before = previous(out)

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(gephi.ElementTree, "write", broken)  # graph.gexf, after graph.html
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Input/output error" in _one_error_line(result.stderr)
    assert _snapshot(out) == before
    assert _staging(out) == []


def test_hostile_failed_commit_replaces_every_output_or_none(invoke, tmp_path, previous,
                                                            monkeypatch):
    out = tmp_path / "out"
    before = previous(out)
    real_replace = os.replace
    calls = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent == out and Path(dst).name in OUTPUTS:
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 2
    changed = sorted(n for n in before if _snapshot(out)[n] != before[n])
    assert changed == [], f"a failed build replaced {changed}"


# ---------------------------------------------------------------------------------- disk full


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str):
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    if free > leave:
        with open(folder / ".filler", "wb") as f:
            with contextlib.suppress(OSError):
                f.write(b"\0" * (free - leave))


@pytest.mark.parametrize("where, leave, articles", [
    ("exporting", 200_000, 0),  # the JSONL files fit, graph.html does not
    ("nlp", 16_000, 100),  # mentions.jsonl (over 16 kB for 100 articles) does not fit
])
def test_hostile_disk_full_tmpfs(invoke, tmp_path, previous, hostile_reuters_jsonl, where, leave,
                                 articles):
    """ENOSPC in the NLP stage (mentions.jsonl) or while exporting: one line, exit 2."""
    with _tmpfs(tmp_path / "disk", "16m") as disk:
        out = disk / "out"
        before = previous(out)
        _fill(disk, leave)
        if articles:
            src = hostile_reuters_jsonl(articles)
        else:
            src = tmp_path / "new.txt"
            src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
        result = invoke("build", src, "--out", out)
        assert result.exit_code == 2, result.stdout + result.stderr
        assert "No space left on device" in _one_error_line(result.stderr)
        assert _snapshot(out) == before
        assert _staging(out) == []
        (disk / ".filler").unlink()
        again = invoke("build", src, "--out", out, "-q")
        assert again.exit_code == 0, again.stderr


def test_hostile_disk_full_patched_exporter(invoke, tmp_path, previous, monkeypatch):
    """Without root: ENOSPC from the writes of the exporters (Path.write_bytes/write_text)."""
    out = tmp_path / "out"
    before = previous(out)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    monkeypatch.setattr(Path, "write_bytes", full)
    monkeypatch.setattr(Path, "write_text", full)
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "No space left on device" in _one_error_line(result.stderr)
    assert _snapshot(out) == before
    assert _staging(out) == []


# ------------------------------------------------------------------------------ read-only out


@contextlib.contextmanager
def _immutable(folder: Path):
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i failed: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)


@contextlib.contextmanager
def _read_only_mount(folder: Path):
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root")
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)],
                          capture_output=True).returncode:
            pytest.skip("cannot remount read-only")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.parametrize("how", [_immutable, _read_only_mount], ids=["chattr", "ro-mount"])
def test_hostile_read_only_out(invoke, tmp_path, previous, how):
    out = tmp_path / "out"
    before = previous(out)
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    with how(out):
        result = invoke("build", src, "--out", out)
        assert result.exit_code == 2, result.stdout + result.stderr
        line = _one_error_line(result.stderr)
        assert str(out) in line and ("not permitted" in line or "Read-only" in line), line
        assert _snapshot(out) == before
    assert _staging(out) == []


def test_hostile_read_only_parent_of_out(invoke, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    with _immutable(parent):
        result = invoke("build", src, "--out", parent / "out")
        assert result.exit_code == 2, result.stdout + result.stderr
        assert "cannot write" in _one_error_line(result.stderr)
    assert list(parent.iterdir()) == []


def test_hostile_out_is_a_file(invoke, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    src = tmp_path / "new.txt"
    src.write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert str(out) in _one_error_line(result.stderr)
    assert out.read_text(encoding="utf-8") == "not a folder"

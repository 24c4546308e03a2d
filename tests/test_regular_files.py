"""Only regular files are read, and never more than the limit: every reader goes through loader.read_regular_file.

A named pipe with no writer blocks a plain open() for ever, and /dev/zero never ends; both used to
hang or fill the memory of `evaluate`, `validate`, `coverage --results` and the others. Each test
here would hang if that came back, so a watchdog opens every pipe for writing now and then (which
lets a blocked reader go on, reading nothing) and the test then fails on the time it took.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from personvern import errors
from personvern.load import loader
from personvern.cli import main

from .conftest import ROOT

FEATURES = ROOT / "features"
SECONDS = 5


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Make a named pipe with no writer; a watchdog unblocks any reader that opened it after SECONDS."""
    pipes: list[Path] = []
    stop = threading.Event()

    def watchdog() -> None:
        while not stop.wait(SECONDS * 1.2):  # later than _timed allows: a reader it had to free fails the test
            for p in pipes:
                try:
                    os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))  # only succeeds if a reader is waiting
                except OSError:
                    pass

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()

    def make(name: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        pipes.append(path)
        return path

    yield make
    stop.set()
    thread.join()


def _timed(fn: Callable[[], Any]) -> Any:
    started = time.monotonic()
    result = fn()
    assert time.monotonic() - started < SECONDS, "a read waited on a pipe (or read a device) instead of refusing it"
    return result


# ---------------------------------------------------------------------------- the one reading function


def test_read_regular_file_refuses_what_is_not_a_regular_file(pipe: Callable[[str], Path], tmp_path: Path) -> None:
    fifo = pipe("p.yaml")
    (tmp_path / "to-pipe.yaml").symlink_to(fifo)
    (tmp_path / "to-zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "folder.yaml").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.yaml"))
    try:
        for name, kind in (("p.yaml", "a named pipe"), ("to-pipe.yaml", "a named pipe"), ("to-zero.yaml", "a device"),
                           ("folder.yaml", "a folder"), ("s.yaml", "a socket")):
            raw, problems = _timed(lambda: loader.read_regular_file(tmp_path / name, name))
            assert raw is None, name
            [p] = problems
            assert (p.code, p.file) == (errors.FILE_MISSING, name) and f"is {kind}, not a regular file" in p.message
    finally:
        sock.close()
    raw, problems = _timed(lambda: loader.read_regular_file(Path("/dev/zero")))
    assert raw is None and "a device" in problems[0].message


def test_read_regular_file_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    assert loader.read_regular_file(path, limit=101) == (b"x" * 101, [])
    raw, [p] = loader.read_regular_file(path, limit=100)
    assert raw is None and p.code == errors.INPUT_TOO_LARGE and "limit is 100" in p.message
    assert loader.read_regular_file(tmp_path / "missing")[1][0].message == loader.NO_SUCH_FILE
    assert "NUL" in loader.read_regular_file(Path("a\0b"))[1][0].message


def test_read_regular_file_owned_refuses_links_and_files_others_can_write(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    path.write_bytes(b"data")
    path.chmod(0o600)
    assert loader.read_regular_file(path, owned=True) == (b"data", [])
    (tmp_path / "link").symlink_to(path)
    assert loader.read_regular_file(tmp_path / "link") == (b"data", [])  # an input may be a link to a file
    assert "a link, not a regular file" in loader.read_regular_file(tmp_path / "link", owned=True)[1][0].message
    path.chmod(0o620)
    assert "other users can write" in loader.read_regular_file(path, owned=True)[1][0].message


# ---------------------------------------------------------------------------- every reader of the command line


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = _timed(lambda: main(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, out: str, err: str, what: str) -> None:
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err
    assert "file_missing: " in err and f"is {what}, not a regular file" in err, err


@pytest.mark.parametrize("command", [["evaluate"], ["explain"], ["retention", "--on", "2026-11-25"], ["rights"], ["breach"]])
def test_input_files_that_are_pipes_or_devices_are_refused(command: list[str], pipe: Callable[[str], Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    fifo = pipe("input.yaml")
    (tmp_path / "link.yaml").symlink_to(fifo)
    for path, what in ((fifo, "a named pipe"), (tmp_path / "link.yaml", "a named pipe"), (Path("/dev/zero"), "a device")):
        argv = [command[0], str(path), *command[1:]]
        _refused(*_cli(argv, capsys), what)


@pytest.mark.parametrize("command", ["coverage", "report"])
def test_a_results_file_that_is_a_pipe_or_a_device_is_refused(command: str, pipe: Callable[[str], Path], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    # `coverage --results /dev/zero` grew to ~1.8 GB; a pipe hung.
    extra = ["--html", str(tmp_path / "report.html")] if command == "report" else []
    for path, what in ((pipe("results.json"), "a named pipe"), (Path("/dev/zero"), "a device")):
        code, out, err = _cli([command, "--features", str(FEATURES), "--results", str(path), *extra], capsys)
        _refused(code, out, err, what)
        assert "cannot read the results file" in err


def test_a_feature_file_that_is_a_pipe_is_refused(pipe: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "a.feature").write_bytes((FEATURES / next(p.name for p in FEATURES.glob("*.feature"))).read_bytes())
    pipe("features/b.feature")
    _refused(*_cli(["coverage", "--features", str(features)], capsys), "a named pipe")


def test_a_rules_folder_with_pipes_is_validated_without_waiting(pipe: Callable[[str], Path], tmp_path: Path,
                                                                 rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    rules = rules_copy()
    pipe("rules/unlisted.fifo")  # never listed: named in the content hash, never opened
    code, out, err = _cli(["validate", str(rules)], capsys)
    assert code == 0, err
    (rules / "transfers.yaml").unlink()
    pipe("rules/transfers.yaml")
    _refused(*_cli(["validate", str(rules)], capsys), "a named pipe")


def test_a_rules_folder_that_is_a_pipe_is_refused(pipe: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(["validate", str(pipe("rules"))], capsys)
    assert code == 2 and "is not a folder" in err, err


# ---------------------------------------------------------------------------- time: a hostile megabyte


def test_the_value_limit_is_reported_alike_by_both_readers() -> None:
    # libyaml counts the same events: its answer is kept, not read again at four times the cost.
    text = "a: [" + ", ".join(["x"] * (loader.MAX_NODES + 10)) + "]\n"
    assert loader.parse_yaml_fast(text, "x.yaml") == loader.parse_yaml(text, "x.yaml")
    assert loader.parse_yaml(text, "x.yaml")[1][0].code == errors.INPUT_TOO_LARGE


def test_text_values_are_what_the_yaml_constructor_makes() -> None:
    import yaml

    text = ("plain: ære og «sitat»\nquoted: 'it''s'\ndouble: \"tab\\tnewline\\n\"\nblock: |\n  two\n  lines\nfolded: >\n  one\n  line\n"
            "empty: ''\nnumber_text: '0123'\nkey with spaces: v\nlist: [a, 'b', \"c\"]\nnested: {k: [x, {y: z}]}\nn: 1\nf: 2.5\nb: true\nz: ~\n")
    doc, problems = loader.parse_yaml(text, "x.yaml")
    assert not problems and doc is not None
    assert doc.data == yaml.load(text, Loader=loader._yaml_loader())
    fast, _ = loader.parse_yaml_fast(text, "x.yaml")
    assert fast is not None and (fast.data, fast.positions, fast.text_offsets) == (doc.data, doc.positions, doc.text_offsets)

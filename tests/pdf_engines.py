"""What the PDF text engines people use read back from a PDF, as word recall.

The measure is the one of ``../shared/tools/pdf_text_engines.py``: the share of the
source's words (NFKC, so presentation forms fold to letters; harakat, tatweel, joiners
and bidi controls ignored; numbers of two digits or more count) that an engine's text
contains as whole words, counted as a multiset. Engines: poppler ``pdftotext``, PDFium
(``pypdfium2``), MuPDF (``pymupdf``), ``pypdf`` and Mozilla pdf.js (Node and the npm
package ``pdfjs-dist``, found in the folder ``PDFJS_DIR`` names, else in
``.cache/pdfjs`` at the project root, where :func:`pdfjs_folder` installs it from the
lock file ``tests/pdfjs/package-lock.json``); pdfminer.six for information only, as it
has no bidi.
"""

from __future__ import annotations

import collections
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFJS_LOCK = ROOT / "tests" / "pdfjs"

_IGNORE = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f"
    "\u202a-\u202e\u2066-\u2069\u061c\ufeff]"
)


def words(text: str) -> list[str]:
    """The words of ``text`` as the measure counts them."""
    text = _IGNORE.sub("", unicodedata.normalize("NFKC", text))
    return [w for w in re.split(r"[^\w]+", text) if w and (not w.isdigit() or len(w) >= 2)]


def source_words(markup: str) -> list[str]:
    """The words of an article's markup: ``[meta]``, tags and HTML left out."""
    text = re.sub(r"^\[meta\].*?^\[/meta\]", " ", markup, flags=re.S | re.M)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[/?[a-z][a-z-]*(\s[^\]]*)?/?\]", " ", text)
    return words(html.unescape(text))


def recall(source: Sequence[str], extracted: str) -> float:
    """Percentage of ``source`` words found in ``extracted`` (multiset)."""
    want = collections.Counter(source)
    got = collections.Counter(words(extracted))
    total = max(1, sum(want.values()))
    return 100 * sum(min(count, got[word]) for word, count in want.items()) / total


def poppler(pdf: Path) -> str:
    """``pdftotext`` (poppler)."""
    command = shutil.which("pdftotext")
    if command is None:
        raise FileNotFoundError("pdftotext (Debian package poppler-utils)")
    done = subprocess.run([command, "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    return done.stdout.decode("utf-8", "replace")


def pdfium(pdf: Path) -> str:
    """PDFium, the engine of Chrome and Edge."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def mupdf(pdf: Path) -> str:
    """MuPDF."""
    import pymupdf

    with pymupdf.open(str(pdf)) as document:
        return "\n".join(page.get_text() for page in document)


def pypdf_text(pdf: Path) -> str:
    """pypdf."""
    import pypdf

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages)


def pdfminer(pdf: Path) -> str:
    """pdfminer.six (no bidi: for information)."""
    from pdfminer.high_level import extract_text

    return str(extract_text(str(pdf)))


ENGINES: dict[str, Callable[[Path], str]] = {
    "poppler": poppler,
    "pdfium": pdfium,
    "mupdf": mupdf,
    "pypdf": pypdf_text,
}
"""The in-process engines; pdf.js runs in Node over many files at once (:func:`pdfjs_texts`)."""

_PDFJS_SCRIPT = r"""
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import fs from 'fs';
const out = {};
for (const path of JSON.parse(fs.readFileSync(0, 'utf8'))) {
  const data = new Uint8Array(fs.readFileSync(path));
  const doc = await getDocument({ data, disableFontFace: true, verbosity: 0 }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) text += item.str + (item.hasEOL ? '\n' : '');
    text += '\n';
  }
  out[path] = text;
  await doc.destroy();
}
process.stdout.write(JSON.stringify(out));
"""


def pdfjs_folder() -> Path:
    """A folder whose ``node_modules`` holds ``pdfjs-dist``: ``PDFJS_DIR``, else
    ``.cache/pdfjs``, installed there with ``npm ci`` from the lock file when missing."""
    named = os.environ.get("PDFJS_DIR")
    if named:
        return Path(named)
    folder = ROOT / ".cache" / "pdfjs"
    if not (folder / "node_modules" / "pdfjs-dist").exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            raise FileNotFoundError("node and npm (Debian packages nodejs, npm)")
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(PDFJS_LOCK / name, folder / name)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=folder, check=True)
    return folder


def pdfjs_texts(pdfs: Sequence[Path]) -> dict[Path, str]:
    """pdf.js (Firefox) text of each PDF, read in one Node process."""
    folder = pdfjs_folder()
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("node (Debian package nodejs)")
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", dir=folder, delete=False) as script:
        script.write(_PDFJS_SCRIPT)
    try:
        paths = [str(p.resolve()) for p in pdfs]
        done = subprocess.run(
            [node, script.name],
            input=json.dumps(paths),
            capture_output=True,
            text=True,
            cwd=folder,
            check=True,
        )
    finally:
        os.unlink(script.name)
    texts = json.loads(done.stdout)
    return {pdf: texts[str(pdf.resolve())] for pdf in pdfs}

"""Where a batch writes: one distinct file per input and format, never over an input.

Output names follow the input's file name (``a.txt`` → ``a.html``). Inputs that share a
name get as many of their folder names as tell them apart (``ar/001.txt`` → ``ar-001``).
When two outputs would still share a path — ``a.txt`` and ``a.text``, or ``a.txt`` and
``a.ninjs.txt`` whose json output is ``a.ninjs.json`` like the ninjs output of ``a.txt`` —
every input involved gets ``~`` and eight hex digits of a hash of its path
(``a~1f0c3b2e.json``). Names that differ only in case count as the same, so that a batch
writes the same files on every file system. All of this is decided, and checked, before
anything is written; an output that is one of the inputs (the same file, by inode, also
through a link) stops the batch before it starts.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath

from ..diagnostics import NewsconvError


class PlanError(NewsconvError):
    """The outputs of a batch cannot be written safely (they would overwrite an input)."""


def output_suffixes(formats: Sequence[str], extensions: Mapping[str, str]) -> dict[str, str]:
    """The file-name suffix of each format: its extension, or ``format.extension`` when two
    chosen formats share an extension (newsml and newsml-message; json and ninjs). A format
    named like its extension keeps the plain one."""
    counts = Counter(extensions[fmt] for fmt in formats)
    return {
        fmt: f"{fmt}.{extensions[fmt]}"
        if fmt != extensions[fmt] and counts[extensions[fmt]] > 1
        else extensions[fmt]
        for fmt in formats
    }


def _stem_parts(name: str) -> tuple[str, ...]:
    if name == "-":
        return ("stdin",)
    path = PurePath(name).with_suffix("") if PurePath(name).suffix else PurePath(name)
    parts = tuple(p for p in path.parts if p not in (path.anchor, ".", ".."))
    return parts or ("input",)


def folder_stems(inputs: Sequence[str]) -> list[str]:
    """Each input's stem, with as many folder names as tell same-named inputs apart."""
    paths = [_stem_parts(name) for name in inputs]
    depths = [1] * len(paths)
    while True:
        stems = ["-".join(parts[-depth:]) for parts, depth in zip(paths, depths, strict=True)]
        counts = Counter(stem.casefold() for stem in stems)
        longer = [
            i
            for i, stem in enumerate(stems)
            if counts[stem.casefold()] > 1 and depths[i] < len(paths[i])
        ]
        if not longer:
            return stems
        for i in longer:
            depths[i] += 1


def clashing_stems(stems: Sequence[str], suffixes: Sequence[str]) -> set[int]:
    """Indexes of the stems whose outputs would share a path with another input's.

    ``s1.x1`` equals ``s2.x2`` for different stems only when ``s2`` is ``s1.d`` and ``x1``
    is ``d.x2``; so besides equal stems, each pair of suffixes names the ``d`` to look for.
    The cost is one set lookup per stem and suffix pair, never a set of every output."""
    folded = [stem.casefold() for stem in stems]
    owners: dict[str, list[int]] = {}
    for index, stem in enumerate(folded):
        owners.setdefault(stem, []).append(index)
    clashing = {i for group in owners.values() if len(group) > 1 for i in group}
    folded_suffixes = {s.casefold() for s in suffixes}
    infixes = {
        longer[: -len(shorter) - 1]
        for longer in folded_suffixes
        for shorter in folded_suffixes
        if longer != shorter and longer.endswith("." + shorter)
    }
    for index, stem in enumerate(folded):
        for infix in infixes:
            for other in owners.get(f"{stem}.{infix}", ()):
                clashing.update((index, other))
    return clashing


def _path_tag(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def output_stems(inputs: Sequence[str], suffixes: Sequence[str] = ("",)) -> list[str]:
    """The stem of each input's outputs, distinct for every output path (see the module)."""
    stems = folder_stems(inputs)
    for _round in range(3):
        clashing = clashing_stems(stems, suffixes)
        if not clashing:
            return stems
        for index in clashing:
            stems[index] = f"{stems[index]}~{_path_tag(inputs[index] + '~' * _round)}"
    raise PlanError("cannot give every output a distinct name; rename some inputs")


def refuse_overwriting_inputs(
    inputs: Sequence[str], out_dir: Path, stems: Sequence[str], suffixes: Sequence[str]
) -> None:
    """Raise :class:`PlanError` when a planned output is one of the inputs (by inode)."""
    existing = _files_in(out_dir)
    if not existing:
        return
    identities = _input_identities(inputs)
    for stem in stems:
        for suffix in suffixes:
            name = f"{stem}.{suffix}"
            identity = existing.get(name)
            if identity is not None and identity in identities:
                raise PlanError(
                    f"{out_dir / name}: output would overwrite the input"
                    f" {identities[identity]}; choose another --out-dir"
                )


def refuse_output_file_as_input(inputs: Sequence[str], output: str) -> None:
    """The check of :func:`refuse_overwriting_inputs` for one ``-o`` file."""
    identity = _identity(output)
    if identity is None:
        return
    identities = _input_identities(inputs)
    if identity in identities:
        raise PlanError(f"{output}: output would overwrite the input {identities[identity]}")


def _identity(name: str) -> tuple[int, int] | None:
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def _input_identities(inputs: Sequence[str]) -> dict[tuple[int, int], str]:
    identities: dict[tuple[int, int], str] = {}
    for name in inputs:
        identity = None if name == "-" else _identity(name)
        if identity is not None:
            identities.setdefault(identity, name)
    return identities


def _files_in(folder: Path) -> dict[str, tuple[int, int]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    found: dict[str, tuple[int, int]] = {}
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        found[entry.name] = (info.st_dev, info.st_ino)
    return found

"""Where a key sits in a TOML file: ``tomllib`` gives values but no positions, so the partner
file's messages find the line of a key by scanning the source text themselves."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_INLINE_KEY = re.compile(r"""(?:[{,]\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))\s*=""")

KeyPath = tuple[str, ...]


def _split_dotted(text: str) -> KeyPath:
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+', text)
    return tuple(part.strip("\"'") for part in parts)


def key_lines(source: str) -> list[tuple[KeyPath, int]]:
    """Every table header and key of ``source`` with its full dotted path and 1-based line.

    Keys of one-line inline tables (``transport = { kind = "ftp" }``) are listed too.
    """
    found: list[tuple[KeyPath, int]] = []
    table: KeyPath = ()
    for number, line in enumerate(source.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and "=" not in header.group(1):
            table = _split_dotted(header.group(1))
            found.append((table, number))
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = table + _split_dotted(key.group(1))
        found.append((path, number))
        rest = line[key.end() :]
        if rest.lstrip().startswith("{"):
            found.extend(_inline_keys(path, rest, number))
    return found


def _inline_keys(path: KeyPath, text: str, number: int) -> list[tuple[KeyPath, int]]:
    keys: list[tuple[KeyPath, int]] = []
    depth_paths: list[KeyPath] = [path]
    position = 0
    while position < len(text):
        char = text[position]
        if char in "\"'":
            end = text.find(char, position + 1)
            position = len(text) if end < 0 else end + 1
            continue
        if char == "}" and len(depth_paths) > 1:
            depth_paths.pop()
        match = _INLINE_KEY.match(text, position) if char in "{," else None
        if match:
            key_path = depth_paths[-1] + _split_dotted(match.group(1))
            keys.append((key_path, number))
            after = text[match.end() :].lstrip()
            if after.startswith("{"):
                depth_paths.append(key_path)
                position = text.index("{", match.end()) + 1
                continue
            position = match.end()
            continue
        position += 1
    return keys


def line_of(source: str, path: KeyPath) -> int:
    """The line of ``path`` in ``source``: the key itself, else its nearest enclosing table
    or key, else line 1."""
    best_line, best_length = 1, -1
    for key_path, number in key_lines(source):
        if key_path == path:
            return number
        if len(key_path) > best_length and path[: len(key_path)] == key_path:
            best_line, best_length = number, len(key_path)
    return best_line

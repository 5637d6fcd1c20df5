"""Official list formats in, snapshots out: detection by content and the readers.

| format         | what                                                     | reader                          |
|----------------|----------------------------------------------------------|---------------------------------|
| ``eu-fsf-xml`` | EU Financial Sanctions Files consolidated list, XML v1.1 | ``eu_fsf_xml.read_eu_fsf_xml``  |
| ``eu-fsf-csv`` | the same list as CSV v1.1 or v1.0 (``;``, BOM)           | ``eu_fsf_csv.read_eu_fsf_csv``  |
| ``ftm``        | OpenSanctions FollowTheMoney entities, JSON Lines        | ``ftm.read_ftm``                |
| ``un-xml``     | UN Security Council consolidated list XML                | ``un_xml.read_un_xml``          |

``detect`` looks at the first bytes of a file, never at its name, so a download saved as
``content`` or ``list.txt`` is still recognised. ``read_any`` returns None for anything
that is not one of these formats: the caller then reads the file as a snapshot (YAML or
JSON Lines), whose own errors are the right ones to show.

Every reader returns a consolidated snapshot of complete coverage and raises ``InputError``
(``path:line:col: message``) for bad input, never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from sanctions_diff.model import Snapshot

from .eu_fsf import NAMESPACE

EU_FSF_XML = "eu-fsf-xml"
EU_FSF_CSV = "eu-fsf-csv"
FTM = "ftm"
UN_XML = "un-xml"

# Format → what it is, for messages and --help.
FORMATS: dict[str, str] = {
    EU_FSF_XML: "EU Financial Sanctions Files consolidated list (XML)",
    EU_FSF_CSV: "EU Financial Sanctions Files consolidated list (CSV)",
    FTM: "OpenSanctions FollowTheMoney entities (JSON Lines)",
    UN_XML: "UN Security Council consolidated list (XML)",
}

# How much of a file is read to recognise XML roots and CSV headers.
SNIFF_BYTES = 65536
# A FollowTheMoney line holds one entity; one longer than this is not read to detect.
MAX_FIRST_LINE = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_SKIPPED = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.DOTALL)
_START_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)([^>]*)>")
UN_ROOT = "CONSOLIDATED_LIST"
FSF_ROOT = "export"


def _root(head: bytes) -> tuple[str, bytes] | None:
    """The root element's local name and attribute text, if ``head`` starts an XML document."""
    text = head.lstrip(b" \t\r\n")
    if not text.startswith(b"<"):
        return None
    # Declarations, comments and processing instructions before the root are skipped.
    position = 0
    while True:
        skipped = _SKIPPED.match(text, position)
        if skipped is None:
            break
        position = skipped.end()
        while position < len(text) and text[position : position + 1] in b" \t\r\n":
            position += 1
    found = _START_TAG.match(text, position)
    if found is None:
        return None
    return found.group(1).decode("ascii", "replace").rpartition(":")[2], found.group(2)


def _first_line(path: Path) -> bytes:
    with path.open("rb") as stream:
        while True:
            line = stream.readline(MAX_FIRST_LINE)
            if not line or line.strip():
                return line.removeprefix(_BOM)


def _is_ftm(line: bytes) -> bool:
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and "schema" in value and "properties" in value


def detect(path: Path) -> str | None:
    """The official format of the file at ``path`` (a key of ``FORMATS``), or None.

    None also when the file cannot be read: reading it as a snapshot reports why.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES).removeprefix(_BOM)
    except OSError:
        return None
    root = _root(head)
    if root is not None:
        name, attributes = root
        if name == FSF_ROOT and (NAMESPACE.encode() in attributes or b"sanctionEntity" in head):
            return EU_FSF_XML
        if name == UN_ROOT:
            return UN_XML
        return None
    header = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    if header.startswith(("fileGenerationDate;", "Date_file;")) or (
        ";" in header and ("Entity_LogicalId" in header or "Entity_logical_id" in header)
    ):
        return EU_FSF_CSV  # v1.1, or the older v1.0 (Date_file;Entity_logical_id;...)
    if head.lstrip().startswith(b"{"):
        try:
            return FTM if _is_ftm(_first_line(path)) else None
        except OSError:
            return None
    return None


def _read_un_xml(path: Path, origin: str) -> Snapshot:
    from .un_xml import read_un_xml  # each reader is imported only when needed

    return read_un_xml(path, origin)


def _read_eu_fsf_xml(path: Path, origin: str) -> Snapshot:
    from .eu_fsf_xml import read_eu_fsf_xml

    return read_eu_fsf_xml(path, origin)


def _read_eu_fsf_csv(path: Path, origin: str) -> Snapshot:
    from .eu_fsf_csv import read_eu_fsf_csv

    return read_eu_fsf_csv(path, origin)


def _read_ftm(path: Path, origin: str) -> Snapshot:
    from .ftm import read_ftm

    return read_ftm(path, origin)


READERS: dict[str, Callable[[Path, str], Snapshot]] = {
    EU_FSF_XML: _read_eu_fsf_xml,
    EU_FSF_CSV: _read_eu_fsf_csv,
    FTM: _read_ftm,
    UN_XML: _read_un_xml,
}


def read_format(format_name: str, path: Path, origin: str) -> Snapshot:
    """Read ``path`` as the named format (a key of ``FORMATS``). Raises InputError."""
    return READERS[format_name](path, origin)


def read_any(path: Path, origin: str) -> Snapshot | None:
    """The snapshot of an official-format file, or None when ``path`` is not one (the
    caller reads it as a snapshot). Raises InputError for a bad file of a known format."""
    format_name = detect(path)
    if format_name is None:
        return None
    return read_format(format_name, path, origin)

"""One measured diff, in a process of its own so that its peak memory is its own.

Loads two snapshot files (YAML or JSON Lines, as ``sanctions-diff diff`` would), diffs them,
then writes the pairs made ("old new" indexes, one per line) and prints one JSON object:
``import_s``, ``parse_s`` (both files), ``diff_s``, ``parse_cpu_s`` and ``diff_cpu_s`` (CPU
time of this process and its children, the forked reader and scorer), ``peak_rss_mb``
(``ru_maxrss`` of this process, the high-water mark of its resident memory, interpreter and
imports included, plus that of the child that read one of the files, if any) and
``pairs``. The pairs are written after the clock and the memory reading stop.

    python -m benchmarks.measure OLD NEW PAIRS_OUT [--exhaustive]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its children that have ended: each
    child of the loader and the scorer is waited for before they return."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--exhaustive", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    from sanctions_diff import collector
    from sanctions_diff.analysis.diff import diff
    from sanctions_diff.formats.loader import load_snapshot
    from sanctions_diff.model import Snapshot
    from sanctions_diff.parallel import load_each

    imported = time.perf_counter()
    cpu_imported = cpu_seconds()
    with collector.paused():  # as ``sanctions-diff`` runs every command
        # As ``sanctions-diff diff`` loads them: both at once where that pays (parallel).
        loaded = load_each([(args.old, str(args.old)), (args.new, str(args.new))], load_snapshot)
        old, new = (s for s in loaded if isinstance(s, Snapshot))
        parsed = time.perf_counter()
        cpu_parsed = cpu_seconds()
        report = diff(old, new, exhaustive=args.exhaustive)
        done = time.perf_counter()
        cpu_done = cpu_seconds()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    # The child that read one file (if any): its peak counts too, as both may be resident
    # at once; the sum is an upper bound of what the machine needed.
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pairs = [c.match for c in report.changes if c.match is not None]
    with args.pairs.open("w", encoding="utf-8") as out:
        out.writelines(f"{m.old} {m.new}\n" for m in pairs)
    result = {
        "import_s": imported - start,
        "parse_s": parsed - imported,
        "diff_s": done - parsed,
        "parse_cpu_s": cpu_parsed - cpu_imported,
        "diff_cpu_s": cpu_done - cpu_parsed,
        "peak_rss_mb": (peak_kib + child_kib) / 1024,
        "pairs": len(pairs),
        "old": len(old.entities),
        "new": len(new.entities),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])

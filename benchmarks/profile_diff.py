"""Where the time of a large diff goes: cProfile over load + diff of a generated pair.

    python -m benchmarks.profile_diff [SIZE] [--seed N] [--format jsonl|yaml] [--top N]

Prints the time of each stage (cumulative seconds of the functions that own it, under the
profiler, which slows Python-level code more than C-level code) and the top functions by
own time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate, write_pair

# Stage → functions (module suffix, function name) whose cumulative time is the stage's.
# Stages nest in the order listed: "name scoring" includes blocking, so blocking is shown
# apart and subtracted.
STAGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("parse (both files)", (("formats/loader.py", "load_snapshot"),)),
    ("diff, total", (("analysis/diff.py", "diff"),)),
    ("  prepare (normalise the names of what is open)", (("pairing.py", "_fill_names"),)),
    ("  stable orders (matcher and report)", (("ordering.py", "sorted_by_content"),)),
    ("  id + identifier edges", (("pairing.py", "_id_pairs"), ("pairing.py", "_identifier_edges"))),
    ("  exact-name edges (hash join)", (("pairing.py", "_exact_edges"),)),
    ("  fuzzy name edges", (("pairing.py", "__call__"),)),
    ("    blocking: index build", (("blocking.py", "__init__"),)),
    ("    blocking: candidates", (("blocking.py", "candidates"),)),
    # rapidfuzz is compiled without profiling hooks: its time is _score_name's own time
    # ("=": own time, not cumulative).
    ("    scoring (rapidfuzz, in _score_name)", (("scoring.py", "=_score_name"),)),
    ("    evidence (judge)", (("evidence.py", "judge"),)),
    ("    words compared (names.compare)", (("names.py", "compare"),)),
    ("    tie-break evidence", (("evidence.py", "tie_break"),)),
    ("  components (union-find)", (("assignment.py", "components"),)),
    ("  assignment (Hungarian / greedy)", (("assignment.py", "assign"),)),
    ("  rivals (ambiguity check)", (("assignment.py", "rivals"),)),
    ("  possible matches", (("pairing.py", "_possible"),)),
    ("  field changes", (("analysis/diff.py", "field_changes"),)),
)


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    table = stats.stats  # type: ignore[attr-defined]
    rows = []
    for label, owners in STAGES:
        total = 0.0
        for suffix, name in owners:
            own = name.startswith("=")
            for (filename, _, function), (_, _, tottime, cumulative, _) in table.items():
                if function == name.lstrip("=") and filename.endswith(suffix):
                    total += tottime if own else cumulative
        rows.append((label, total))
    return rows


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_diff")
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("jsonl", "yaml"), default="jsonl")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--exhaustive", action="store_true")
    args = parser.parse_args(argv)

    from sanctions_diff.analysis.diff import diff
    from sanctions_diff.formats.loader import load_snapshot

    with tempfile.TemporaryDirectory() as folder:
        pair = generate(args.size, args.seed)
        old_path, new_path = write_pair(pair, Path(folder), "profile", [args.format])[args.format]
        profiler = cProfile.Profile()
        profiler.enable()
        old = load_snapshot(old_path)
        new = load_snapshot(new_path)
        diff(old, new, exhaustive=args.exhaustive)
        profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"{args.size:,} entities, {args.format}, seed {args.seed} (under cProfile)")
    for label, seconds in stage_times(stats):
        print(f"  {label:40} {seconds:8.2f} s")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main(sys.argv[1:])

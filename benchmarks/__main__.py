"""Scale benchmark: generated pairs of 1k → 1M entities and the UN list, in one run.

    python -m benchmarks [--sizes 1000 10000 100000] [--seed 1] [--exhaustive-max 10000]
                         [--exhaustive-budget 900] [--keep DIR] [--no-un] [--repeat 3]

Per size: ``generate`` writes an old and a new snapshot (YAML and JSON Lines up to
``YAML_MAX`` entities, JSON Lines only above) with the true pairs; each input is diffed in a
fresh process (``benchmarks.measure``) that reports parse time, diff time and its peak
resident memory (its own ``ru_maxrss`` plus its loading child's); the pairs it made are scored against the truth
(precision, recall, and recall on the pairs whose new entity has no id, which only names
and identifiers can find). Up to ``--exhaustive-max`` entities the *exhaustive* matcher
(``diff(..., exhaustive=True)``: every name against every name) runs on the same JSON Lines
input in a process of its own, and is reported as ratios to the blocked run of the same
input measured in the same run; a run over ``--exhaustive-budget`` seconds is stopped and
reported as such. ``--sizes 1000000`` runs the largest size on request.

Shared machines are noisy (a third from run to run here), so each blocked diff up to
``REPEAT_MAX`` entities runs ``--repeat`` times: the table gives the fastest run (the
least disturbed estimate of the cost) and the median total. The command a user runs is
timed too, from start to exit: ``sanctions-diff diff OLD NEW -f json -o FILE`` (interpreter,
imports, reading, diffing, writing the JSON report), fastest of as many runs.

The UN list (``../shared/data/un/UN_consolidated.xml`` or ``$SANCTIONS_DIFF_SHARED``) is
diffed against a copy perturbed by the same edit model, blocked and exhaustive.

Progress goes to stderr; the tables (Markdown, for the README) to stdout at the end.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import (
    Names,
    Pair,
    generate,
    make_entity,
    meta,
    perturb,
    read_pairs,
    write_jsonl,
    write_pair,
    write_truth,
)

YAML_MAX = 100_000
# Sizes up to this are measured --repeat times (the 1M diff takes minutes: once).
REPEAT_MAX = 100_000
SHARED_ENV = "SANCTIONS_DIFF_SHARED"
UN_FILE = Path("un") / "UN_consolidated.xml"


@dataclasses.dataclass(frozen=True)
class Run:
    """One measured diff and its score against the truth."""

    parse_s: float
    diff_s: float
    parse_cpu_s: float
    diff_cpu_s: float
    entities: int  # of both sides
    peak_rss_mb: float
    pairs: int
    precision: float
    recall: float
    recall_no_id: float
    found: frozenset[tuple[int, int]]

    @property
    def total_s(self) -> float:
        return self.parse_s + self.diff_s

    @property
    def diff_us_per_entity(self) -> float:
        """Diff time per entity of both sides: flat from size to size if matching scales."""
        return self.diff_s / self.entities * 1e6 if self.entities else 0.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(
    old: Path, new: Path, pair: Pair, folder: Path, exhaustive: bool, budget: float | None
) -> Run | None:
    """Run ``benchmarks.measure`` in a child process; None when it ran over ``budget``."""
    out = folder / f"{old.stem}-{'exhaustive' if exhaustive else 'blocked'}-pairs.txt"
    command = [sys.executable, "-m", "benchmarks.measure", str(old), str(new), str(out)]
    if exhaustive:
        command.append("--exhaustive")
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=budget, check=True, env=child_env()
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"benchmark child failed:\n{exc.stderr}") from None
    result = json.loads(done.stdout)
    found = frozenset(read_pairs(out))
    return score(result, found, pair)


def command_seconds(old: Path, new: Path, folder: Path) -> float:
    """Wall time of the command a user runs, start to exit, writing the JSON report."""
    out = folder / f"{old.stem}-report.json"
    command = [sys.executable, "-m", "sanctions_diff", "diff", str(old), str(new)]
    command += ["--format", "json", "--output", str(out)]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=child_env())
    return time.perf_counter() - started


def child_env() -> dict[str, str]:
    """This checkout first on the path of a child process."""
    root = Path(__file__).resolve().parent.parent
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }


def score(result: dict[str, Any], found: frozenset[tuple[int, int]], pair: Pair) -> Run:
    truth = set(pair.truth)
    right = len(found & truth)
    no_id = {(i, j) for i, j in truth if "id" not in pair.new[j]}
    return Run(
        parse_s=result["parse_s"],
        diff_s=result["diff_s"],
        parse_cpu_s=result["parse_cpu_s"],
        diff_cpu_s=result["diff_cpu_s"],
        entities=result["old"] + result["new"],
        peak_rss_mb=result["peak_rss_mb"],
        pairs=len(found),
        precision=right / len(found) if found else 1.0,
        recall=right / len(truth) if truth else 1.0,
        recall_no_id=len(found & no_id) / len(no_id) if no_id else 1.0,
        found=found,
    )


def megabytes(*paths: Path) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def shared_folder() -> Path:
    if env := os.environ.get(SHARED_ENV):
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def un_pair(path: Path, seed: int) -> Pair:
    """The UN list and a copy of it perturbed by the generator's edit model."""
    from sanctions_diff.formats.un_xml import read_un_xml
    from sanctions_diff.render.data import entity_dict

    snapshot = read_un_xml(path, str(path))
    old = [
        {k: v for k, v in entity_dict(e).items() if v not in (None, [], "")}
        for e in snapshot.entities
    ]
    rng = random.Random(f"sanctions-diff UN benchmark {seed}")
    names = Names()
    new, truth = perturb(old, rng, lambda: make_entity(rng, names))
    return Pair(old, new, truth)


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}×"


def pct(value: float) -> str:
    return f"{value:.4f}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exhaustive-max", type=int, default=10000)
    parser.add_argument("--exhaustive-budget", type=float, default=900.0)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--no-un", action="store_true", help="skip the UN list benchmark")
    parser.add_argument(
        "--repeat", type=int, default=3, help=f"runs per input up to {REPEAT_MAX:,} entities"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        run(args, folder)


def run(args: argparse.Namespace, folder: Path) -> None:
    load_start = os.getloadavg()[0]
    blocked_rows: list[str] = []
    exhaustive_rows: list[str] = []
    notes: list[str] = []
    for size in args.sizes:
        log(f"== {size} entities: generating")
        started = time.perf_counter()
        pair = generate(size, args.seed)
        formats = ["yaml", "jsonl"] if size <= YAML_MAX else ["jsonl"]
        files = write_pair(pair, folder, f"bench-{size}", formats)
        generated = time.perf_counter() - started
        log(
            f"   generated and written in {generated:.1f} s: {len(pair.old)} old, {len(pair.new)} new, {len(pair.truth)} true pairs"
        )
        if size > YAML_MAX:
            notes.append(
                f"{size:,} entities: JSON Lines only (YAML is measured up to {YAML_MAX:,})."
            )
        blocked: dict[str, Run] = {}
        for fmt in formats:
            old, new = files[fmt]
            repeat = max(1, args.repeat) if size <= REPEAT_MAX else 1
            log(f"   {fmt}: blocked diff, {repeat} run(s), and the command")
            runs = [
                measure(old, new, pair, folder, exhaustive=False, budget=None)
                for _ in range(repeat)
            ]
            done = [r for r in runs if r is not None]
            if len({r.found for r in done}) != 1:
                raise SystemExit(f"{size:,} {fmt}: runs of one input made different pairs")
            result = min(done, key=lambda r: r.total_s)
            median = statistics.median(r.total_s for r in done)
            command = min(command_seconds(old, new, folder) for _ in range(repeat))
            blocked[fmt] = result
            blocked_rows.append(
                "| "
                + " | ".join(
                    [
                        f"{size:,}",
                        "YAML" if fmt == "yaml" else "JSON Lines",
                        f"{megabytes(old, new):.1f}",
                        f"{generated:.1f}",
                        f"{result.parse_s:.2f}",
                        f"{result.diff_s:.2f}",
                        f"{result.total_s:.2f}",
                        f"{median:.2f}",
                        fmt_ratio(result.total_s / result.parse_s),
                        f"{result.diff_us_per_entity:.1f}",
                        f"{result.parse_cpu_s:.2f} / {result.diff_cpu_s:.2f}",
                        f"{command:.2f}",
                        f"{result.peak_rss_mb:,.0f}",
                        f"{result.pairs:,}",
                        pct(result.precision),
                        pct(result.recall),
                        pct(result.recall_no_id),
                    ]
                )
                + " |"
            )
            log(
                f"      parse {result.parse_s:.2f} s, diff {result.diff_s:.2f} s (median total {median:.2f} s), command {command:.2f} s, peak {result.peak_rss_mb:.0f} MB, P {result.precision:.4f} R {result.recall:.4f}"
            )
        base = blocked["jsonl"]
        if size > args.exhaustive_max:
            notes.append(
                f"{size:,} entities: exhaustive baseline not run (over --exhaustive-max {args.exhaustive_max:,}; it is quadratic)."
            )
            continue
        log("   jsonl: exhaustive diff")
        old, new = files["jsonl"]
        full = measure(old, new, pair, folder, exhaustive=True, budget=args.exhaustive_budget)
        if full is None:
            notes.append(
                f"{size:,} entities: exhaustive baseline stopped after {args.exhaustive_budget:.0f} s."
            )
            continue
        exhaustive_rows.append(comparison_row(f"generated {size:,}", base, full))
        log(
            f"      exhaustive diff {full.diff_s:.2f} s, P {full.precision:.4f} R {full.recall:.4f}"
        )
    un_rows: list[str] = []
    if not args.no_un:
        path = shared_folder() / UN_FILE
        if path.is_file():
            log("== UN list against a perturbed copy")
            pair = un_pair(path, args.seed)
            meta_old = meta("UN consolidated list", "2026-02-27", str(path))
            meta_new = meta(
                "UN consolidated list, perturbed", "2026-02-27", "benchmarks/generate.py edit model"
            )
            old, new = folder / "un-old.jsonl", folder / "un-new.jsonl"
            write_jsonl(old, meta_old, pair.old)
            write_jsonl(new, meta_new, pair.new)
            write_truth(folder / "un-truth.txt", pair.truth)
            base_run = measure(old, new, pair, folder, exhaustive=False, budget=None)
            full_run = measure(
                old, new, pair, folder, exhaustive=True, budget=args.exhaustive_budget
            )
            assert base_run is not None
            if full_run is None:
                notes.append("UN list: exhaustive baseline stopped.")
            else:
                un_rows.append(
                    comparison_row(
                        f"UN list ({len(pair.old):,} → {len(pair.new):,}, {len(pair.truth):,} true pairs)",
                        base_run,
                        full_run,
                    )
                )
        else:
            notes.append(f"UN list not found at {path}: skipped (set {SHARED_ENV}).")
    notes.append(
        f"Load average (1 min) {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end:"
        " other work on the machine slows every figure alike."
    )
    print_tables(args, blocked_rows, exhaustive_rows + un_rows, notes)


def comparison_row(label: str, base: Run, full: Run) -> str:
    only_full = len(full.found - base.found)
    only_base = len(base.found - full.found)
    cells = [
        label,
        f"{base.diff_s:.2f}",
        f"{full.diff_s:.2f}",
        fmt_ratio(full.diff_s / base.diff_s),
        fmt_ratio(full.peak_rss_mb / base.peak_rss_mb),
        f"{pct(base.precision)} / {pct(base.recall)}",
        f"{pct(full.precision)} / {pct(full.recall)}",
        f"{base.recall_no_id:.4f} / {full.recall_no_id:.4f}",
        f"{only_full} / {only_base}",
    ]
    return "| " + " | ".join(cells) + " |"


def print_tables(
    args: argparse.Namespace, blocked: list[str], compared: list[str], notes: list[str]
) -> None:
    import platform

    print(
        f"Seed {args.seed}; Python {platform.python_version()}, {os.cpu_count()} CPUs. Times in seconds, in one run: parse, diff and total of the fastest of {args.repeat} runs per input up to {REPEAT_MAX:,} entities (one above), the median total of those runs, the diff's time per entity of both sides, the CPU time of the parse and of the diff (all processes), and the command (start to exit, JSON report written), fastest of as many; peak = ru_maxrss of the diff process plus that of its loading child (MB)."
    )
    print()
    print(
        "| entities | input | files MB | generate s | parse s (both) | diff s | total s | median total s | total / parse | diff µs / entity | CPU s parse / diff | command s | peak MB | pairs | precision | recall | recall, no id |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in blocked:
        print(row)
    print()
    if compared:
        print(
            "Exhaustive baseline (every name against every name) on the same JSON Lines input; ratios are exhaustive / blocked."
        )
        print()
        print(
            "| input | blocked diff s | exhaustive diff s | time ratio | peak ratio | blocked P / R | exhaustive P / R | recall, no id (blocked / exhaustive) | pairs only exhaustive / only blocked found |"
        )
        print("|---|---:|---:|---:|---:|---|---|---|---:|")
        for row in compared:
            print(row)
        print()
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main(sys.argv[1:])

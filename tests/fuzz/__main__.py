"""Run the fuzz targets for a bounded time: ``python -m tests.fuzz --seconds 60``.

Hypothesis generates the inputs (hostile YAML-ish text, mutated valid snapshots, random bytes,
any Unicode for the normaliser) in rounds until the time is up; each round uses a fresh random
seed. On the first broken contract it prints the shrunk input (hypothesis's "Falsifying
example") and exits 1: turn that input into a test in tests/test_fuzz_regressions.py.
Exit 0 means no failure in the time given. Run from the repository root.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import strategies, targets

EXAMPLES_PER_ROUND = 50

_SETTINGS = settings(
    max_examples=EXAMPLES_PER_ROUND,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


@given(strategies.hostile_bytes, st.sampled_from([".yaml", ".jsonl", ".txt"]))
@_SETTINGS
def fuzz_loader(data: bytes, suffix: str) -> None:
    targets.loader_bytes(data, suffix)


@given(strategies.hostile_text)
@_SETTINGS
def fuzz_fast_path(text: str) -> None:
    targets.fast_path_agrees(text)


@given(strategies.snapshots(max_entities=6))
@_SETTINGS
def fuzz_valid_snapshots(data: dict[str, Any]) -> None:
    text = strategies.to_yaml(data)
    snapshot = targets.loader_bytes(text.encode("utf-8"))
    assert snapshot is not None, "a generated valid snapshot must load"
    targets.fast_path_agrees(text)
    targets.jsonl_agrees(strategies.to_jsonl(data), snapshot)


_NAME_TEXT = st.one_of(
    st.text(max_size=60),
    strategies.names(),
    st.lists(
        st.one_of(strategies.words, st.sampled_from(strategies.LEGAL_FORMS), st.text(max_size=3)),
        max_size=6,
    ).map(" ".join),
)


@given(_NAME_TEXT)
@_SETTINGS
def fuzz_normaliser(text: str) -> None:
    targets.normaliser(text)
    targets.self_match(text)


TARGETS: dict[str, Callable[[], None]] = {
    "loader": fuzz_loader,
    "fast-path": fuzz_fast_path,
    "valid": fuzz_valid_snapshots,
    "normaliser": fuzz_normaliser,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    parser.add_argument(
        "--target",
        choices=[*TARGETS, "all"],
        default="all",
        help="which target (default: all, in turn)",
    )
    args = parser.parse_args(argv)
    chosen = list(TARGETS) if args.target == "all" else [args.target]
    deadline = time.monotonic() + args.seconds
    rounds = dict.fromkeys(chosen, 0)
    failed: list[str] = []
    try:
        while time.monotonic() < deadline and len(failed) < len(chosen):
            for name in chosen:
                if time.monotonic() >= deadline:
                    break
                if name in failed:
                    continue
                try:
                    TARGETS[name]()
                except Exception:
                    # Report it and go on with the other targets: one run shows every failure.
                    traceback.print_exc()
                    print(f"fuzz: target '{name}' failed on the input above", flush=True)
                    failed.append(name)
                rounds[name] += 1
    finally:
        targets.cleanup()
    examples = ", ".join(f"{n}: ~{r * EXAMPLES_PER_ROUND}" for n, r in rounds.items())
    if failed:
        print(
            f"fuzz: {len(failed)} target(s) failed ({', '.join(failed)}) in {args.seconds:g} s"
            f" ({examples} examples) — add each input to tests/test_fuzz_regressions.py"
        )
        return 1
    print(f"fuzz: no failure in {args.seconds:g} s ({examples} examples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

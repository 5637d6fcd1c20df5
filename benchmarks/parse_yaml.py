"""How long does reading a YAML snapshot take, and where does the time go?

Builds snapshots of N entities by repeating the bundled 11th-package final (unique ids),
then times, in one run: our loader (pyyaml compose with libyaml + our checks), pyyaml's
``CSafeLoader`` alone, and yaml-rs when it is installed (``pip install yaml-rs``). Figures
are reported as ratios to the fastest, measured in the same run.

    python -m benchmarks.parse_yaml [N ...]      (default: 1000 10000 100000)
"""

from __future__ import annotations

import importlib
import re
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml

from sanctions_diff.bundled import resolve
from sanctions_diff.formats.loader import load_snapshot


def make_snapshot(size: int) -> str:
    """The bundled 11th-package final's entity blocks repeated as text (quoting kept), ids made unique."""
    head, body = resolve("eu-11-final").read_text(encoding="utf-8").split("entities:\n", 1)
    blocks = [b for b in re.split(r"(?m)^(?=- id: )", body) if b.strip()]
    out = [head, "entities:\n"]
    for k in range(size):
        out.append(re.sub(r"^- id: \S+", f"- id: bench-{k}", blocks[k % len(blocks)], count=1))
    return "".join(out)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    try:
        yaml_rs: object | None = importlib.import_module("yaml_rs")
    except ImportError:
        yaml_rs = None
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"snapshot-{size}.yaml"
            text = make_snapshot(size)
            path.write_text(text, encoding="utf-8")
            rows: dict[str, float] = {
                "sanctions-diff loader": timed(partial(load_snapshot, path)),
                "pyyaml CSafeLoader load": timed(partial(yaml.load, text, Loader=yaml.CSafeLoader)),
            }
            if yaml_rs is not None:
                rows["yaml-rs loads"] = timed(partial(yaml_rs.loads, text))  # type: ignore[attr-defined]
            fastest = min(rows.values())
            print(f"{size} entities, {len(text.encode()) / 1e6:.1f} MB")
            for name, seconds in rows.items():
                print(f"  {name:26} {seconds:8.2f} s  {seconds / fastest:6.1f}x")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])

"""``python -m sanctions_diff`` and the ``sanctions-diff`` script (``run``).

Ctrl-C while Python is still importing the tool (the first ~0.1–0.3 s, longer on a busy
machine) would otherwise surface inside importlib as "Exception ignored … Traceback …
KeyboardInterrupt"; it is held until the imports are done, then ends the run as any
Ctrl-C does: "sanctions-diff: interrupted", exit code 130.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

_held: list[int] = []


def _hold(signum: int, frame: FrameType | None) -> None:
    _held.append(signum)


_previous = signal.signal(signal.SIGINT, _hold)
try:
    from sanctions_diff.cli import run as _run
    from sanctions_diff.cli.output import ExitCode, say
finally:
    signal.signal(signal.SIGINT, _previous)


def run() -> None:
    if _held:
        say("sanctions-diff: interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    _run()


if __name__ == "__main__":
    run()

"""What a long step is told to report: the one type shared by the loader and the matcher.

``progress(task, done, total)``: how far ``task`` has come; the CLI draws a bar on a
terminal (``console.progress_bar``), everything else passes None and is told nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]

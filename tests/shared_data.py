"""Where tests find the read-only shared data: ``$SANCTIONS_DIFF_SHARED`` when set, else
``../shared/data`` beside the checkout. One definition for every test that reads it; each
such test skips, saying where it looked, when the data is absent (a clone on its own)."""

from __future__ import annotations

import os
from pathlib import Path

SHARED_ENV = "SANCTIONS_DIFF_SHARED"
SHARED = (
    Path(os.environ[SHARED_ENV])
    if os.environ.get(SHARED_ENV)
    else Path(__file__).resolve().parent.parent.parent / "shared" / "data"
)

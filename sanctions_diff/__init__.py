"""sanctions-diff: what changed between two versions of a sanctions list."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Resolved on first use: importlib.metadata costs ~60 ms, which every command but
    # --version would pay for nothing.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("sanctions-diff")
        except PackageNotFoundError:  # a checkout that was never installed
            return "0+unknown"
    raise AttributeError(name)

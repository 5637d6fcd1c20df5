"""sanctions-diff: what changed between two versions of a sanctions list."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sanctions-diff")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

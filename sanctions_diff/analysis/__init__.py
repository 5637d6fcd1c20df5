"""What the commands compute from loaded snapshots: a diff, a history, a search.

A package of its own so that the public names ``sanctions_diff.diff``, ``history`` and
``search`` (the Python API, see ``sanctions_diff/__init__.py``) are functions, not modules.
"""

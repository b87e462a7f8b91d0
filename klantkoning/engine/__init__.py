"""The scenario engine, pure Python (no Textual, no Rich, no web), in layers from the bottom:

- ``format/`` and ``atomic.py``: what a file is; crash-safe writes and locks;
- ``play/``: the running play;
- ``analysis/``: a scenario as a whole (reachability, score ranges, stats, graph);
- ``library/``: files -> a checked library;
- ``authoring/``, ``saves/``, ``workshop/``: their users, independent of each other.

A layer may use the layers below it only; import-linter contracts in ``pyproject.toml``
keep it so.
"""

"""Files -> a checked library: the loader (one scenario or ``values.toml``), cross-reference
validation (with golden plays), folders of scenarios, the library index, and ``check``.

May use ``engine.format``, ``engine.play`` and ``engine.analysis``.
"""

"""The scenario engine: file formats, loading, playing and analysis. Pure Python, no UI."""

"""Tools for authors: automated play tests with golden plays, and the texts of ``stats`` and
``test`` (shared with the preview).

May use every layer below it (format, play, analysis, library); not saves or workshops.
"""

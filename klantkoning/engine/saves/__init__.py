"""A player's own data: the save file format, profiles and attempts, the store (atomic,
locked, versioned), progress and achievements.

May use ``engine.atomic`` and every layer up to ``engine.library``; not authoring or workshops.
"""

"""The running play: the session (beat, visible choices, ``choose()``, the outcome).

May use ``engine.format``; knows nothing of analysis, libraries, saves or workshops.
"""

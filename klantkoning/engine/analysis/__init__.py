"""A scenario as a whole: state-space exploration, score extremes, structure and
reachability (the graph checks of ``check``), stats and the beat graph.

May use ``engine.format`` and ``engine.play``; never libraries, saves or workshops.
"""

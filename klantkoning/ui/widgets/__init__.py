"""Reusable widgets: mood meter, speech balloon, choice list, score bars, level ladder."""

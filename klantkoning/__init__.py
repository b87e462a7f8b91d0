"""klantkoning: a terminal game that trains people in customer service."""

__version__ = "0.1.0"

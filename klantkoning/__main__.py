"""Allows ``python -m klantkoning``."""

from klantkoning.cli import main

if __name__ == "__main__":
    main()

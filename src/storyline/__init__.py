"""Storyline: raw news articles in, verified stories out, fully offline."""

__version__ = "0.1.0"

"""Readers: one module per input format, each turning a file's bytes into raw articles.

A reader yields ``RawArticle`` records and ``Rejection`` records; it never raises for bad
input, so one bad file (or line) never stops the run.
"""

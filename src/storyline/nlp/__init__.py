"""spaCy-based analysis components: one concern per module."""

"""Shared basics: paths, the Markdown subset, text/CSV/XML safety, trainee identity."""

"""Shared basics every layer may use: paths to the course content and the safe Markdown subset."""

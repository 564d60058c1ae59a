"""Loaders of the course data tables (data/**) that lessons and labs read, each checked once."""

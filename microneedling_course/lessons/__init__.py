"""Figures and tables the lessons draw from the data in data/."""

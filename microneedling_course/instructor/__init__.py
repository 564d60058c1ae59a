"""Instructor tools: the mncourse command line, answer keys, LMS exports and the cohort report."""

"""Instructor tools: the command line, answer keys, the cohort report and LMS exports."""

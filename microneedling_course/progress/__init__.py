"""Progress: the progress store and summary, the final assessment, records and their export."""

"""The trainee's side: progress store and summary, final assessment, completion record, exports."""

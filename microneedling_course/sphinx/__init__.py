"""The Sphinx side: extensions for quiz, objectives and citations; shipping the front-end."""

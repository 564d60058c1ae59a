"""The Sphinx side: extensions for the quiz, objectives and citations, and what ships the front-end."""

"""Sphinx extensions of the course site: quizzes and objectives, citation roles, lean pages."""

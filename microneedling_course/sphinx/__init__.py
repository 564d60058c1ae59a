"""Sphinx extensions of the course: quizzes and objectives, citation roles, trainee edition."""

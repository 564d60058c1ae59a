"""Quizzes and the hosted widgets: grading, the quiz widget, its no-JavaScript HTML and outputs."""

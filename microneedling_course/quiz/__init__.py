"""The quiz: grading, the quiz model, the widgets and the no-JavaScript HTML."""

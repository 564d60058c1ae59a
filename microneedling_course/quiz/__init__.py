"""The quiz: grading, the quiz model, the live QuizWidget and its no-JavaScript HTML."""

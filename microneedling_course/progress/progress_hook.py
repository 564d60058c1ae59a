"""Where a graded quiz answer is reported for progress: the trainee's progress file."""


def record_attempt(module: str, question_id: str, response, grade) -> None:
    """Called by the quiz after each graded answer (grade: grading.Grade); saves it."""
    from microneedling_course.progress.store import record_graded_answer

    record_graded_answer(module, question_id, response, grade)

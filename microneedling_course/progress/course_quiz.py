"""The lesson quiz as trainees get it: the quiz layer's widget, each graded answer saved.

The quiz layer grades but never imports the progress layer (that would point upward); it calls
whatever `on_graded` it is given. This module gives it the trainee's progress file.
"""

from microneedling_course.quiz.widget import QuizWidget
from microneedling_course.quiz.widget import show_quiz as quiz_for_module


def save_graded_answer(question, response, grade) -> None:
    """QuizWidget's on_graded: record one graded answer in the trainee's progress file."""
    # Imported on the first answer, as before the layers: showing a quiz stays as cheap as it was.
    from microneedling_course.progress.store import record_graded_answer

    record_graded_answer(question.module, question.id, response, grade)


def show_quiz(module_id: str, questions=None, *, shuffle_seed=None) -> QuizWidget:
    """The module's quiz (all its questions, or the listed ids in that order) as a widget whose
    graded answers go to the trainee's progress file."""
    return quiz_for_module(
        module_id, questions, shuffle_seed=shuffle_seed, on_graded=save_graded_answer
    )

"""Bank problems: a located Problem (file, line, question, part, entry, field) and BankError."""

from dataclasses import dataclass

from microneedling_course.core.printable import printable


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bank file, located by file, question (and case part) and field.

    Its text is one printable line: control characters from the file (a crafted id, a file name)
    are shown escaped, so a problem can never rewrite what the terminal shows.
    """

    file: str
    message: str
    question_id: str = ""
    field: str = ""
    line: int | None = None
    case_id: str = ""
    entry: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.case_id:
            where.append(f"question '{self.case_id}', part '{self.question_id}'")
        elif self.question_id:
            where.append(f"question '{self.question_id}'")
        if self.entry:
            where.append(f"entry '{self.entry}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return printable(": ".join(where + [self.message]))


class BankError(ValueError):
    """The bank cannot be used; each line of the message is one problem (file, question, field)."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        first = self.problems[0]
        self.file = first.file
        self.question_id = first.question_id
        self.field = first.field
        self.line = first.line
        super().__init__("\n".join(str(problem) for problem in self.problems))

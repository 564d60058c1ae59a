"""The final assessment: a balanced draw seeded per trainee, scored against a pass mark."""

import hashlib
import random
from dataclasses import dataclass, field

import yaml

from microneedling_course.bank import Bank
from microneedling_course.core.identity import trainee_identity
from microneedling_course.core.paths import data_dir
from microneedling_course.progress.store import utc_now_iso

ASSESSMENT_MODULE = "final-assessment"


@dataclass(frozen=True)
class AssessmentSettings:
    """Size, pass mark, modules left out and the static site's seed (data/assessment/*.yml)."""

    size: int = 20
    pass_mark: float = 0.8
    exclude_modules: tuple[str, ...] = ("how-to-use",)
    site_seed: int = 2026


def load_settings(path=None) -> AssessmentSettings:
    """Read data/assessment/final-assessment.yml; a bad value is a ValueError naming it."""
    path = path or data_dir() / "assessment" / "final-assessment.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    settings = AssessmentSettings(
        size=raw.get("size", 20),
        pass_mark=raw.get("pass_mark", 0.8),
        exclude_modules=tuple(raw.get("exclude_modules") or ()),
        site_seed=raw.get("site_seed", 2026),
    )
    if not isinstance(settings.size, int) or settings.size < 1:
        raise ValueError(f"{path}: size must be a whole number of questions, at least 1")
    if not isinstance(settings.pass_mark, int | float) or not 0 < settings.pass_mark <= 1:
        raise ValueError(f"{path}: pass_mark must be a share between 0 and 1, like 0.8")
    return settings


def trainee_seed(name: str, attempt: int, trainee_id: str = "") -> int:
    """A stable seed from who the trainee is (trainee_identity) and the attempt number."""
    who = trainee_identity(name, trainee_id)
    if not who:
        raise ValueError("the trainee's name (or id) is needed to draw their assessment")
    if not isinstance(attempt, int) or attempt < 1:
        raise ValueError("the attempt number starts at 1")
    digest = hashlib.sha256(f"{who}|{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def module_quotas(pool_sizes: dict[str, int], size: int) -> dict[str, int]:
    """Questions per module, proportional to each module's pool (largest remainder), each >= 1.

    Every module with questions gets at least one while the size allows; no quota exceeds the
    pool. Ties in remainders go to the module that comes first in course order.
    """
    modules = [m for m, n in pool_sizes.items() if n > 0]
    total = sum(pool_sizes[m] for m in modules)
    size = min(size, total)
    exact = {m: size * pool_sizes[m] / total for m in modules} if total else {}
    start = 1 if size >= len(modules) else 0
    quotas = {m: start for m in modules}
    while sum(quotas.values()) < size:
        open_modules = [m for m in modules if quotas[m] < pool_sizes[m]]
        neediest = max(open_modules, key=lambda m: (exact[m] - quotas[m], -modules.index(m)))
        quotas[neediest] += 1
    return quotas


def draw_assessment(bank: Bank, seed: int, settings: AssessmentSettings | None = None) -> list[str]:
    """Question ids for one attempt: module quotas in course order, objectives in turn.

    Within a module the objectives are taken round-robin (in a seeded order) so that no
    objective gets a second question before every objective of that module has one.
    """
    settings = settings or AssessmentSettings()
    rng = random.Random(seed)
    pools = {
        m.id: list(m.questions)
        for m in bank.modules.values()
        if m.id not in settings.exclude_modules
    }
    quotas = module_quotas({m: len(qs) for m, qs in pools.items()}, settings.size)
    drawn = []
    for module_id, quota in quotas.items():
        by_objective: dict[str, list[str]] = {}
        for question in pools[module_id]:
            by_objective.setdefault(question.objective, []).append(question.id)
        objectives = sorted(by_objective)
        rng.shuffle(objectives)
        for ids in by_objective.values():
            rng.shuffle(ids)
        picked = []
        while len(picked) < quota:
            for objective in objectives:
                if by_objective[objective] and len(picked) < quota:
                    picked.append(by_objective[objective].pop())
        rng.shuffle(picked)
        drawn.extend(picked)
    return drawn


@dataclass
class AssessmentResult:
    """One submitted attempt: total, per-module breakdown and whether it reached the pass mark."""

    name: str
    trainee_id: str
    attempt: int
    seed: int
    question_ids: list[str]
    scores: dict[str, float]
    module_of: dict[str, str]
    pass_mark: float
    time: str = field(default_factory=utc_now_iso)

    @property
    def score(self) -> float:
        return sum(self.scores.values()) / len(self.question_ids) if self.question_ids else 0.0

    @property
    def passed(self) -> bool:
        # A small epsilon so that 16/20 counts as exactly 80%.
        return self.score + 1e-9 >= self.pass_mark

    def per_module(self) -> dict[str, dict]:
        """{module: {"questions": n, "score": mean}} in the order the questions were drawn."""
        out: dict[str, dict] = {}
        for qid in self.question_ids:
            entry = out.setdefault(self.module_of[qid], {"questions": 0, "total": 0.0})
            entry["questions"] += 1
            entry["total"] += self.scores.get(qid, 0.0)
        return {
            m: {"questions": e["questions"], "score": e["total"] / e["questions"]}
            for m, e in out.items()
        }

    def to_dict(self) -> dict:
        """The JSON form kept in the progress file and in the trainee's export."""
        return {
            "attempt_id": f"{self.trainee_id or self.name}-{self.attempt}",
            "name": self.name,
            "trainee_id": self.trainee_id,
            "attempt": self.attempt,
            "seed": self.seed,
            "question_ids": list(self.question_ids),
            "scores": dict(self.scores),
            "score": self.score,
            "pass_mark": self.pass_mark,
            "passed": self.passed,
            "per_module": self.per_module(),
            "time": self.time,
        }


def score_attempt(
    bank: Bank,
    question_ids: list[str],
    responses: dict,
    *,
    name: str,
    attempt: int,
    seed: int,
    pass_mark: float,
    trainee_id: str = "",
) -> AssessmentResult:
    """Grade every drawn question (unanswered scores 0) and return the attempt's result."""
    from microneedling_course.quiz.grading import grade_response

    scores = {}
    for qid in question_ids:
        response = responses.get(qid)
        scores[qid] = (
            0.0 if response is None else grade_response(bank.questions[qid], response).score
        )
    return AssessmentResult(
        name=name,
        trainee_id=trainee_id,
        attempt=attempt,
        seed=seed,
        question_ids=list(question_ids),
        scores=scores,
        module_of={qid: bank.questions[qid].module for qid in question_ids},
        pass_mark=pass_mark,
    )

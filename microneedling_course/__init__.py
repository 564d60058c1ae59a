"""Microneedling training course: the stable API the lesson notebooks call (imported lazily).

Every notebook code cell imports from here and nowhere else, so modules inside the package can
move without a notebook changing. Each name is imported on first use: `import
microneedling_course` stays cheap (no ipywidgets, no bank, no matplotlib) for the instructor
tools and the book build.
"""

import importlib

__version__ = "0.1.0"

# name -> the module that defines it
_LAZY = {
    # quizzes and objectives (every lesson)
    "show_quiz": "microneedling_course.progress.course_quiz",
    "show_objectives": "microneedling_course.quiz.widget",
    # lesson 1: skin and depth
    "histology_table": "microneedling_course.lessons.skin_and_depth",
    "relative_index_table": "microneedling_course.lessons.skin_and_depth",
    "dermis_table": "microneedling_course.lessons.skin_and_depth",
    "dermis_by_region_figure": "microneedling_course.lessons.skin_and_depth",
    "epidermis_by_method_figure": "microneedling_course.lessons.skin_and_depth",
    "microchannel_table": "microneedling_course.lessons.skin_and_depth",
    "show_depth_explorer": "microneedling_course.labs.depth_explorer",
    # lesson 2: collagen induction
    "phases_table": "microneedling_course.lessons.collagen_induction",
    "healing_timeline_figure": "microneedling_course.lessons.collagen_induction",
    "evidence_table": "microneedling_course.lessons.collagen_induction",
    # lesson 3: devices and technique
    "device_table": "microneedling_course.lessons.devices_and_technique",
    "depth_range_table": "microneedling_course.lessons.devices_and_technique",
    "depth_ranges_figure": "microneedling_course.lessons.devices_and_technique",
    "rf_expert_depth_table": "microneedling_course.lessons.devices_and_technique",
    "sessions_table": "microneedling_course.lessons.devices_and_technique",
    "show_treatment_plan": "microneedling_course.labs.treatment_plan",
    # lesson 4: aftercare
    "aftercare_timeline_figure": "microneedling_course.lessons.aftercare",
    "avoid_table": "microneedling_course.lessons.aftercare",
    "warning_signs_table": "microneedling_course.lessons.aftercare",
    "show_aftercare_day": "microneedling_course.labs.aftercare_day",
    # lesson 5: risks and contraindications
    "decision_map_figure": "microneedling_course.lessons.risks",
    "show_client_screening": "microneedling_course.labs.client_screening",
    # lesson 6: regulation and safe practice
    "regulation_timeline_figure": "microneedling_course.lessons.regulation",
    "regulation_timeline_table": "microneedling_course.lessons.regulation",
    # lesson 7: myths and evidence
    "verdict_figure": "microneedling_course.lessons.myths",
    # final assessment and progress
    "start_final_assessment": "microneedling_course.progress.assessment_widget",
    "show_my_progress": "microneedling_course.progress.my_progress",
    "show_progress_page": "microneedling_course.progress.my_progress",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'microneedling_course' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))

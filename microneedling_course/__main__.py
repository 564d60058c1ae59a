"""`python -m microneedling_course`: the instructor command line."""

import sys

from microneedling_course.instructor.cli import main

sys.exit(main())

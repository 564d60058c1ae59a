"""`python -m microneedling_course.trainee_lab`: open the lessons in JupyterLab (see launch.py)."""

import sys

from microneedling_course.trainee_lab.launch import main

sys.exit(main())

"""Sphinx extension: the notebooks a build must execute run side by side, one kernel per core.

With `execute_notebooks: cache`, MyST-NB executes each notebook that has no cached result when
Sphinx reads it, one after another, so a clean build of the course waits for eleven kernels in
turn. Before Sphinx reads, this runs those notebooks `jobs` at a time (`mnc_execution_jobs`, by
default one per core) exactly as MyST-NB would (jupyter-cache's single_nb_execution, in the
notebook's folder, with the configured timeout and allow_errors) and stores each result in
MyST-NB's jupyter-cache, where MyST-NB then finds it. A notebook that fails is not stored: MyST-NB
runs it again and reports the failure as it always does (an error under -W).
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Executed:
    path: Path
    notebook: object  # nbformat.NotebookNode, its outputs filled in
    seconds: float
    failed: bool


def notebooks_to_execute(app, docnames) -> list[Path]:
    """The .ipynb documents about to be read that MyST-NB would execute (cache mode, not excluded,
    no per-notebook MyST-NB settings) and that have no cached result yet."""
    import nbformat
    from jupyter_cache import get_cache

    config = app.env.mystnb_config
    if config.execution_mode != "cache":
        return []
    cache = get_cache(config.execution_cache_path)
    pending = []
    for docname in sorted(docnames):
        path = Path(app.env.doc2path(docname))
        if path.suffix != ".ipynb" or not path.is_file():
            continue
        posix = PurePosixPath(path.as_posix())
        if any(posix.match(pattern) for pattern in config.execution_excludepatterns):
            continue
        notebook = nbformat.read(path, as_version=4)
        if "mystnb" in notebook.metadata:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append(path)
    return pending


def execute(path: Path, config) -> Executed:
    """One notebook, run as MyST-NB runs it in cache mode."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as temporary:
        cwd = temporary if config.execution_in_temp else str(path.parent)
        result = single_nb_execution(
            notebook,
            cwd=os.path.abspath(cwd),
            allow_errors=config.execution_allow_errors,
            timeout=config.execution_timeout,
            meta_override=True,
        )
    return Executed(path, notebook, result.time, result.err is not None)


def execute_side_by_side(app, env, docnames) -> None:
    """Run the notebooks about to be read, `jobs` at a time, and cache the ones that succeed."""
    jobs = app.config.mnc_execution_jobs or os.cpu_count() or 1
    pending = notebooks_to_execute(app, docnames)
    if jobs < 2 or len(pending) < 2:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    config = env.mystnb_config
    logger.info(f"executing {len(pending)} notebooks, {min(jobs, len(pending))} at a time")
    # Threads are enough: each notebook's work happens in its own kernel process.
    with ThreadPoolExecutor(max_workers=min(jobs, len(pending))) as pool:
        results = list(pool.map(lambda path: execute(path, config), pending))
    cache = get_cache(config.execution_cache_path)
    for result in results:
        if result.failed:
            logger.info(f"{result.path}: failed side by side; MyST-NB will run it again")
            continue  # and report the error as it always does
        # The line MyST-NB writes for a notebook it executes (bench/build_time.py reads it).
        logger.info(
            f"{result.path}: Executed notebook in {result.seconds:.2f} seconds (side by side)"
        )
        stage = cache.add_nb_to_project(str(result.path))
        cache.cache_notebook_bundle(
            CacheBundleIn(result.notebook, stage.uri, data={"execution_seconds": result.seconds}),
            check_validity=False,
            overwrite=True,
        )


def setup(app):
    app.add_config_value("mnc_execution_jobs", 0, "env", types=[int])
    # After MyST-NB has set up its configuration (builder-inited), before any document is read.
    app.connect("env-before-read-docs", execute_side_by_side)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}

"""JupyterLab for trainees: saved widget outputs, the launcher's set-up, the progress links."""

import json

import pytest

from microneedling_course.progress.lesson_links import cell_fragment, lesson_links_html
from microneedling_course.quiz.widget_outputs import (
    WIDGET_VIEW,
    edition_outputs,
    pre_save_hook,
    strip_widget_views,
)
from microneedling_course.trainee_lab import launch

HOSTED = '<div class="mnc-hosted" data-x="1"><div class="mnc-fallback"><p>Question</p></div></div>'


def widget_output(html_text: str | None = HOSTED) -> dict:
    data = {WIDGET_VIEW: {"model_id": "m1"}, "text/plain": "Widget()"}
    if html_text is not None:
        data["text/html"] = html_text
    return {"output_type": "execute_result", "execution_count": 3, "data": data, "metadata": {}}


def notebook_with(*outputs, source="show_quiz('x')") -> dict:
    cell = {"cell_type": "code", "source": source, "metadata": {}, "outputs": list(outputs)}
    return {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_saved_widget_keeps_its_fallback_under_a_rerun_note():
    """Is a course widget saved as its no-JavaScript HTML with a note to Run All, view gone?"""
    notebook = notebook_with(widget_output())
    assert strip_widget_views(notebook) == 1
    output = notebook["cells"][0]["outputs"][0]
    assert WIDGET_VIEW not in output["data"]
    html_text = output["data"]["text/html"]
    assert html_text.startswith('<p class="mnc-run-note"><strong>This quiz is not running.')
    assert "Run &gt; Run All Cells" in html_text and html_text.endswith(HOSTED)


def test_saved_widget_without_a_course_fallback_keeps_only_the_note():
    """Does a widget whose HTML is not a course fallback (the final assessment) keep the note?"""
    site_note = "<p>On this website the final assessment is a self-check.</p>"
    notebook = notebook_with(widget_output(site_note), source="start_final_assessment()")
    strip_widget_views(notebook)
    html_text = notebook["cells"][0]["outputs"][0]["data"]["text/html"]
    assert "This final assessment is not running." in html_text
    assert "On this website" not in html_text


def test_other_outputs_are_saved_unchanged():
    """Are a figure and a stream output left exactly as they were?"""
    figure = {"output_type": "display_data", "data": {"image/png": "AAA"}, "metadata": {}}
    stream = {"output_type": "stream", "name": "stdout", "text": "hi\n"}
    notebook = notebook_with(figure, stream)
    assert strip_widget_views(notebook) == 0
    assert notebook["cells"][0]["outputs"] == [figure, stream]


def test_pre_save_hook_changes_notebooks_only():
    """Does the server hook rewrite a notebook model and leave a file model alone?"""
    notebook = {"type": "notebook", "content": notebook_with(widget_output())}
    pre_save_hook(notebook, path="lesson.ipynb", contents_manager=None)
    assert WIDGET_VIEW not in json.dumps(notebook)
    text_file = {"type": "file", "content": json.dumps(notebook_with(widget_output()))}
    pre_save_hook(text_file, path="notes.txt", contents_manager=None)
    assert WIDGET_VIEW in text_file["content"]


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("show_quiz('aftercare')", "quiz"),
        ("start_final_assessment()", "final assessment"),
        ("show_my_progress()", "progress overview"),
        ("from microneedling_course.labs.depth_explorer import show_depth_explorer", "lab"),
    ],
)
def test_edition_placeholder_names_what_runs_there(source, kind):
    """Does the edition's placeholder say which part starts when the lesson runs?"""
    (output,) = edition_outputs([widget_output()], source)
    assert f"The {kind} appears here when the lesson runs" in output["data"]["text/html"]
    assert output["execution_count"] is None


def test_edition_drops_mime_types_an_untrusted_notebook_cannot_show():
    """Does the edition keep HTML and images but drop JavaScript and empty outputs?"""
    script = {
        "output_type": "display_data",
        "data": {"application/javascript": "x"},
        "metadata": {},
    }
    table = {
        "output_type": "display_data",
        "data": {"text/html": "<table></table>"},
        "metadata": {},
    }
    assert edition_outputs([script, table], "table()") == [table]


# --------------------------------------------------------------------------- launcher
def test_lab_arguments_enable_the_hook_and_the_settings(tmp_path):
    """Do the trainee's JupyterLab options set the root, the save hook and the settings dir?"""
    arguments = launch.lab_arguments(tmp_path)
    assert f"--ServerApp.root_dir={tmp_path}" in arguments
    assert f"--ContentsManager.pre_save_hook={launch.PRE_SAVE_HOOK}" in arguments
    settings = launch.SETTINGS_DIR / "overrides.json"
    assert f"--LabApp.app_settings_dir={launch.SETTINGS_DIR}" in arguments
    overrides = json.loads(settings.read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_pre_save_hook_name_imports():
    """Does the hook's import string name the function the server will call?"""
    from traitlets.utils.importstring import import_item

    assert import_item(launch.PRE_SAVE_HOOK) is pre_save_hook


def test_records_go_to_a_folder_beside_the_lessons(tmp_path, monkeypatch):
    """Does the environment send the final assessment's records into the lab's root?"""
    from microneedling_course.progress.assessment_widget import default_export_folder

    env = launch.lab_environment(tmp_path, {})
    assert env[launch.RECORDS_ENV] == str(tmp_path / "my-records")
    monkeypatch.setenv(launch.RECORDS_ENV, env[launch.RECORDS_ENV])
    assert default_export_folder() == tmp_path / "my-records"


def test_binder_setup_installs_settings_and_hook(tmp_path):
    """Does --binder-setup write JupyterLab's overrides and the server's hook into a prefix?"""
    assert launch.main(["--binder-setup", str(tmp_path)]) == 0
    overrides = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    server = tmp_path / "etc" / "jupyter" / "jupyter_server_config.d" / "microneedling-course.json"
    assert json.loads(overrides.read_text()) == json.loads(
        (launch.SETTINGS_DIR / "overrides.json").read_text()
    )
    assert (
        json.loads(server.read_text())["ContentsManager"]["pre_save_hook"] == launch.PRE_SAVE_HOOK
    )


# --------------------------------------------------------------------------- progress links
def write_lesson(folder, cell_id="skin-layers"):
    source = '<a id="the-layers"></a><a id="skin-layers"></a>\n\n## The layers'
    cell = {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source}
    (folder / "01-skin.ipynb").write_text(json.dumps({"cells": [cell]}))


def test_section_link_names_the_cell_that_holds_the_anchor(tmp_path):
    """Is `lesson.ipynb#section` pointed at the edition cell holding that section's anchor?"""
    write_lesson(tmp_path)
    assert (
        cell_fragment("01-skin.ipynb#the-layers", tmp_path) == "01-skin.ipynb#cell-id=skin-layers"
    )


def test_section_link_stays_as_it_is_without_an_edition_notebook(tmp_path):
    """Without the edition notebook (the sources), is the link left unchanged?"""
    assert cell_fragment("01-skin.ipynb#skin-layers", tmp_path) == "01-skin.ipynb#skin-layers"


def test_lesson_links_list_lessons_and_what_to_review(tmp_path):
    """Does the links output list every lesson and each objective to review, as .ipynb links?"""
    write_lesson(tmp_path)
    course = {
        "modules": [
            {"id": "skin", "title": "Skin & depth", "href": "x.html", "live_href": "01-skin.ipynb"}
        ],
        "objectives": {
            "skin-layers": {
                "text": "Name the layers",
                "href": "x.html",
                "live_href": "01-skin.ipynb#skin-layers",
            }
        },
    }
    summary = {"review": {"skin-layers": ["q1", "q2"]}}
    html_text = lesson_links_html(summary, course, tmp_path)
    assert '<a href="01-skin.ipynb">Skin &amp; depth</a>' in html_text
    assert (
        '<a href="01-skin.ipynb#cell-id=skin-layers">Name the layers</a> (2 questions)' in html_text
    )
    assert "target=" not in html_text


# --------------------------------------------------------------------------- branch
def fake_course(root):
    """The files write_branch copies, as stubs, and a built edition."""
    for name in ("notebooks/01-skin.ipynb", "book/glossary.ipynb"):
        path = root / "_build" / "trainee" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    (root / "_build" / "trainee" / "my-records").mkdir()
    for name in ("microneedling_course/__init__.py", "microneedling_course/__pycache__/x.pyc"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    for name in ("quizzes/01.yml", "data/skin/a.csv", "book/references.bib", "book/intro.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    for name in ("pyproject.toml", "requirements.txt", "constraints.txt"):
        (root / name).write_text("x")


def test_branch_holds_the_edition_and_what_binder_needs(tmp_path):
    """Does the branch folder hold the edition, the package, bank, data and Binder's files,
    without sources, caches or a trainee's records?"""
    from microneedling_course.trainee_lab.branch import write_branch

    fake_course(tmp_path / "repo")
    branch = tmp_path / "branch"
    names = {path.name for path in write_branch(branch, tmp_path / "repo")}
    assert names >= {"notebooks", "book", "microneedling_course", "quizzes", "data", "postBuild"}
    assert names >= {"start", "README.md", "pyproject.toml", "requirements.txt", "constraints.txt"}
    assert (branch / "notebooks" / "01-skin.ipynb").is_file()
    assert sorted(p.name for p in (branch / "book").iterdir()) == [
        "glossary.ipynb",
        "references.bib",
    ]
    assert not (branch / "microneedling_course" / "__pycache__").exists()
    assert not (branch / "my-records").exists()
    assert (branch / "postBuild").stat().st_mode & 0o111


def test_branch_start_script_sends_records_into_the_repository_folder(tmp_path):
    """Run as repo2docker runs it, does `start` set the records folder inside the repo and
    create it?"""
    import shutil
    import subprocess

    from microneedling_course.trainee_lab.branch import write_branch

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    fake_course(tmp_path / "repo")
    write_branch(tmp_path / "branch", tmp_path / "repo")
    result = subprocess.run(
        [bash, str(tmp_path / "branch" / "start"), "printenv", launch.RECORDS_ENV],
        env={"REPO_DIR": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(tmp_path / "home" / "my-records")
    assert (tmp_path / "home" / "my-records").is_dir()


def test_trainee_command_keeps_jupyterlab_state_with_the_course(tmp_path, monkeypatch):
    """Does the command start JupyterLab on the edition's welcome page, with its settings,
    layout and records inside the edition folder (never in ~/.jupyter)?"""
    edition = tmp_path / "_build" / "trainee"
    (edition / "book").mkdir(parents=True)
    (edition / launch.FIRST_PAGE).write_text("{}")
    calls = []
    monkeypatch.setattr(launch, "repo_root", lambda: tmp_path)
    monkeypatch.setattr(
        launch.subprocess, "call", lambda command, **kw: calls.append((command, kw)) or 0
    )
    assert launch.main(["--no-browser", "--port=8899"]) == 0
    ((command, options),) = calls
    assert f"--LabApp.user_settings_dir={edition / '.jupyterlab' / 'user-settings'}" in command
    assert f"--LabApp.workspaces_dir={edition / '.jupyterlab' / 'workspaces'}" in command
    assert f"--LabApp.default_url=/lab/tree/{launch.FIRST_PAGE}" in command
    assert command[-2:] == ["--no-browser", "--port=8899"]
    assert options["env"][launch.RECORDS_ENV] == str(edition / "my-records")
    assert (edition / "my-records").is_dir()
    assert not any(".jupyter/" in part for part in command)


def test_trainee_command_stops_when_the_course_does_not_build(tmp_path, monkeypatch, capsys):
    """Without an edition and with a failing build, does the command say so and not start?"""
    monkeypatch.setattr(launch, "repo_root", lambda: tmp_path)
    monkeypatch.setattr(launch, "build_edition", lambda root: 2)
    monkeypatch.setattr(
        launch.subprocess, "call", lambda *a, **k: pytest.fail("JupyterLab started")
    )
    assert launch.main([]) == 2
    assert "did not build" in capsys.readouterr().err

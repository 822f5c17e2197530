"""Which step is this notebook? Inside a Jupyter server started by Orchest Desktop no
ORCHEST_STEP_UUID is set: the notebook's path is matched against the steps' file_path in every
pipeline of the project (ORCHEST_PROJECT_DIR): `.orchest/pipeline.json` folders and `*.orchest` files.

The notebook's path, in order: JPY_SESSION_NAME (Jupyter Server 2 sets it for a notebook's kernel),
the server's sessions API (ORCHEST_JUPYTER_URL + JUPYTER_TOKEN, found by this kernel's id), else the
kernel's working directory (the notebook's folder): the steps whose file is a notebook there.
"""
import json
import os
import re
import sys
import urllib.request

from .errors import StepContextError

ENV_PROJECT_DIR = "ORCHEST_PROJECT_DIR"
ENV_JUPYTER_URL = "ORCHEST_JUPYTER_URL"
FOLDER_DEFINITION = os.path.join(".orchest", "pipeline.json")
# Never holds pipelines, may be huge.
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv"}


class StepMatch:
    def __init__(self, step_uuid, title, pipeline_path, data_dir, file_path):
        self.step_uuid = step_uuid
        self.title = title
        self.pipeline_path = pipeline_path
        self.data_dir = data_dir
        self.file_path = file_path

    def describe(self, project_dir):
        where = os.path.relpath(self.pipeline_path, project_dir)
        return '"%s" (%s) in %s' % (self.title, self.step_uuid, where) if self.title else "%s in %s" % (self.step_uuid, where)


def pipelines(project_dir):
    """(definition file, folder its step paths are relative to, data dir) of every pipeline."""
    found = []
    for folder, dirs, files in os.walk(project_dir):
        if os.path.isfile(os.path.join(folder, FOLDER_DEFINITION)):
            found.append((os.path.join(folder, FOLDER_DEFINITION), folder, None))
        for name in sorted(files):
            if name.endswith(".orchest") and name != ".orchest":
                found.append((os.path.join(folder, name), folder, "project"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
    return found


def _read(definition):
    try:
        with open(definition, "r", encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None  # a broken pipeline file is the editor's to report, not this notebook's


def steps(project_dir):
    """Every step of every pipeline, with the absolute path of its file."""
    result = []
    for definition, base, layout in pipelines(project_dir):
        pipeline = _read(definition)
        if pipeline is None:
            continue
        if layout == "project":
            data_dir = os.path.join(project_dir, ".orchest", "pipelines", str(pipeline.get("uuid", "")), "data")
        else:
            data_dir = os.path.join(base, ".orchest", "data")
        for uuid, step in (pipeline.get("steps") or {}).items():
            file_path = (step or {}).get("file_path") or ""
            if not file_path.strip():
                continue
            path = os.path.normpath(os.path.join(base, file_path.strip()))
            result.append(StepMatch(uuid, step.get("title") or "", definition, data_dir, path))
    return result


def _kernel_id():
    if "ipykernel" not in sys.modules:  # not in a kernel: do not import it (slow, and pointless)
        return None
    from ipykernel import get_connection_file

    try:
        m = re.search(r"kernel-(.+)\.json$", os.path.basename(get_connection_file()))
    except Exception:  # not running in a kernel
        return None
    return m.group(1) if m else None


def _path_from_server(project_dir):
    url, token = os.environ.get(ENV_JUPYTER_URL), os.environ.get("JUPYTER_TOKEN")
    kernel = _kernel_id() if url and token else None
    if not kernel:
        return None
    try:
        req = urllib.request.Request(url.rstrip("/") + "/api/sessions", headers={"Authorization": "token " + token})
        with urllib.request.urlopen(req, timeout=5) as res:
            sessions = json.load(res)
    except (OSError, ValueError):
        return None
    for s in sessions:
        if (s.get("kernel") or {}).get("id") == kernel and s.get("path"):
            return os.path.join(project_dir, s["path"])
    return None


def notebook_path(project_dir):
    """The notebook this kernel runs, absolute; None when nothing says."""
    name = os.environ.get("JPY_SESSION_NAME")
    if name:
        return os.path.normpath(name if os.path.isabs(name) else os.path.join(project_dir, name))
    return _path_from_server(project_dir)


def locate():
    """The one step this notebook is; StepContextError naming what was found otherwise."""
    project_dir = os.environ.get(ENV_PROJECT_DIR)
    if not project_dir:
        raise StepContextError(
            "ORCHEST_STEP_UUID is not set: the orchest SDK works inside a pipeline step run by Orchest Desktop, "
            "or in a notebook of a Jupyter server it started (ORCHEST_PROJECT_DIR)."
        )
    project_dir = os.path.normpath(project_dir)
    notebook = notebook_path(project_dir)
    all_steps = steps(project_dir)
    if notebook:
        matches = [s for s in all_steps if s.file_path == notebook]
        what = 'The notebook "%s"' % os.path.relpath(notebook, project_dir)
    else:
        cwd = os.path.normpath(os.getcwd())
        matches = [s for s in all_steps if os.path.dirname(s.file_path) == cwd and s.file_path.endswith(".ipynb")]
        what = 'The folder "%s" (this kernel\'s working directory; Jupyter did not say which notebook)' % (
            os.path.relpath(cwd, project_dir)
        )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StepContextError(
            "%s is not the file of any step in the pipelines of %s. Add it to a pipeline as a step, "
            "or name the step: os.environ[\"ORCHEST_STEP_UUID\"] = \"<step uuid>\"." % (what, project_dir)
        )
    raise StepContextError(
        "%s is the file of %d steps: %s. Name the one you mean: os.environ[\"ORCHEST_STEP_UUID\"] = \"<step uuid>\"."
        % (what, len(matches), "; ".join(m.describe(project_dir) for m in matches))
    )

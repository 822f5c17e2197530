"""Where this step is: read from the environment the step runner (or the app) sets, or, in a
Jupyter server started by the app, found from the notebook's path (see _locate)."""
import json
import os

from . import _locate
from .errors import StepContextError

# Variables set by Orchest Desktop for every step (Docker and local runner alike).
ENV_STEP_UUID = "ORCHEST_STEP_UUID"
ENV_PIPELINE_UUID = "ORCHEST_PIPELINE_UUID"
ENV_PIPELINE_PATH = "ORCHEST_PIPELINE_PATH"  # the pipeline definition file
ENV_PIPELINE_DATA_DIR = "ORCHEST_PIPELINE_DATA_DIR"  # step outputs: <dir>/<step_uuid>/
ENV_PROJECT_UUID = "ORCHEST_PROJECT_UUID"
ENV_PROJECT_DIR = "ORCHEST_PROJECT_DIR"


def _require(name):
    value = os.environ.get(name)
    if not value:
        raise StepContextError(
            "%s is not set: the orchest SDK only works inside a pipeline step run by Orchest Desktop." % name
        )
    return value


def _located():
    """The step from the notebook's path (no ORCHEST_STEP_UUID), or from ORCHEST_STEP_UUID alone
    (set by hand in a notebook to pick one of several steps): read fresh on every call."""
    uuid = os.environ.get(ENV_STEP_UUID)
    if not uuid:
        return _locate.locate()
    project_dir = os.environ.get(ENV_PROJECT_DIR)
    if not project_dir:
        _require(ENV_PIPELINE_PATH)
        _require(ENV_PIPELINE_DATA_DIR)
    matches = [s for s in _locate.steps(os.path.normpath(project_dir)) if s.step_uuid == uuid]
    if len(matches) != 1:
        raise StepContextError(
            "ORCHEST_STEP_UUID is %s, which is the uuid of %s in the pipelines of %s."
            % (uuid, "no step" if not matches else "%d steps" % len(matches), project_dir)
        )
    return matches[0]


def _from_env():
    """In a step run by the app everything is in the environment."""
    return bool(os.environ.get(ENV_STEP_UUID) and os.environ.get(ENV_PIPELINE_PATH) and os.environ.get(ENV_PIPELINE_DATA_DIR))


def step_uuid():
    return _require(ENV_STEP_UUID) if _from_env() else _located().step_uuid


def data_dir():
    return _require(ENV_PIPELINE_DATA_DIR) if _from_env() else _located().data_dir


def pipeline_path():
    return _require(ENV_PIPELINE_PATH) if _from_env() else _located().pipeline_path


def load_pipeline():
    """The pipeline definition, read fresh on every call (it is small)."""
    path = pipeline_path()
    try:
        with open(path, "r", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise StepContextError("Cannot read the pipeline definition %s: %s" % (path, e)) from e


def step_definition(pipeline, uuid):
    step = (pipeline.get("steps") or {}).get(uuid)
    if step is None:
        raise StepContextError("Step %s is not in the pipeline definition %s." % (uuid, pipeline_path()))
    return step


def describe_step(pipeline, uuid):
    """'"Title" (uuid)' for error messages."""
    step = (pipeline.get("steps") or {}).get(uuid) or {}
    title = step.get("title")
    return '"%s" (%s)' % (title, uuid) if title else uuid

"""Where this step is: read from the environment the step runner (or the app) sets."""
import json
import os

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


def step_uuid():
    return _require(ENV_STEP_UUID)


def data_dir():
    return _require(ENV_PIPELINE_DATA_DIR)


def pipeline_path():
    return _require(ENV_PIPELINE_PATH)


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

"""Step and pipeline parameters, as written in the pipeline definition."""
from . import _context


def get_params():
    """(step parameters, pipeline parameters) of the running step."""
    pipeline = _context.load_pipeline()
    step = _context.step_definition(pipeline, _context.step_uuid())
    return dict(step.get("parameters") or {}), dict(pipeline.get("parameters") or {})


def get_step_param(name, default=None):
    return get_params()[0].get(name, default)


def get_pipeline_param(name, default=None):
    return get_params()[1].get(name, default)

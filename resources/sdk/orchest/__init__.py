"""Orchest Desktop's step SDK: pass data between steps and read parameters.

    import orchest
    inputs = orchest.get_inputs()          # {"name": data, ..., "unnamed": [data, ...]}
    orchest.output(result, name="model")   # this step's one output
    lr = orchest.get_step_param("lr", 0.1)
"""
from . import errors, parameters, transfer
from .errors import (
    InputNameCollisionError,
    InvalidNameError,
    OrchestError,
    OutputNotFoundError,
    StepContextError,
)
from .parameters import get_params, get_pipeline_param, get_step_param
from .transfer import get_inputs, output, output_to_disk, output_to_memory

__version__ = "0.1.0"

__all__ = [
    "errors",
    "parameters",
    "transfer",
    "get_inputs",
    "output",
    "output_to_disk",
    "output_to_memory",
    "get_params",
    "get_pipeline_param",
    "get_step_param",
    "OrchestError",
    "OutputNotFoundError",
    "InputNameCollisionError",
    "InvalidNameError",
    "StepContextError",
]

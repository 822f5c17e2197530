"""Data frames and tables as the reading step wants them: get_inputs(frame_type=...)."""
import sys

FRAME_TYPES = ("pandas", "polars", "arrow")


def _library(name, purpose):
    try:
        return __import__(name)
    except ImportError:
        raise ImportError(
            "%s needs %s, which is not installed in this step's environment: add it (e.g. pip install %s "
            "in the environment's setup script) or ask for another frame_type (%s)." % (purpose, name, name, ", ".join(FRAME_TYPES))
        ) from None


def _kind(value):
    """"pandas" | "polars" | "arrow" for a data frame or table, None for anything else."""
    for module, name, kind in (("pandas", "DataFrame", "pandas"), ("polars", "DataFrame", "polars"), ("pyarrow", "Table", "arrow"), ("pyarrow", "RecordBatch", "arrow")):
        mod = sys.modules.get(module)
        if mod is not None and isinstance(value, getattr(mod, name)):
            return kind
    return None


def check_frame_type(frame_type):
    if frame_type is not None and frame_type not in FRAME_TYPES:
        raise ValueError("frame_type must be one of %s (or None), not %r" % (", ".join(FRAME_TYPES), frame_type))


def convert(value, frame_type):
    """`value` as a `frame_type` frame when it is a pandas/polars frame or an Arrow table; other values as they are."""
    check_frame_type(frame_type)
    kind = _kind(value)
    batch = type(value).__name__ == "RecordBatch"
    if kind is None or (kind == frame_type and not batch):
        return value
    purpose = "Reading an input as %s" % frame_type
    pa = _library("pyarrow", purpose)  # pandas <-> polars goes through Arrow
    if kind == "pandas":
        table = pa.Table.from_pandas(value)
    elif kind == "polars":
        table = value.to_arrow()
    else:
        table = pa.Table.from_batches([value]) if batch else value
    if frame_type == "arrow":
        return table
    if frame_type == "pandas":
        _library("pandas", purpose)
        return table.to_pandas()
    return _library("polars", purpose).from_arrow(table)

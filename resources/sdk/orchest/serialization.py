"""How one step output is stored in its folder.

- "arrow": an Arrow IPC file, memory-mapped on read. Used for pyarrow Tables / RecordBatches, and,
  when pyarrow can be imported, for pandas and polars DataFrames too (any Arrow reader — pandas,
  polars, R's arrow — can then read them). A DataFrame that Arrow cannot hold as it is (mixed
  object columns, Python lists or dicts in cells, duplicate column names, attrs) is pickled.
- "pickle" (everything else, and every DataFrame when pyarrow is missing): pickle protocol 5.
  Large buffers that pickle offers out-of-band (numpy arrays, the blocks of pandas
  DataFrames/Series) are written raw to buffers.bin, 64-byte aligned, and memory-mapped on read
  (copy-on-write, so arrays stay writable) — no extra copy.
"""
import mmap
import os
import pickle
import sys

from . import frames

PICKLE_FILE = "data.pickle"
BUFFERS_FILE = "buffers.bin"
ARROW_FILE = "data.arrow"

# Smaller buffers stay inside the pickle: thousands of tiny arrays must not become a scatter of reads.
OUT_OF_BAND_MIN_BYTES = 64 * 1024
_ALIGN = 64

FORMATS = ("arrow", "pickle")


def _pyarrow():
    """pyarrow if this Python has it (imported on first need: most steps never output a frame)."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


def _exact_type(data, module, name):
    # Only look when the library is already imported: data cannot be one of its objects otherwise.
    # Exact type: a subclass (e.g. a GeoDataFrame) may carry state that Arrow would drop.
    mod = sys.modules.get(module)
    return mod is not None and type(data) is getattr(mod, name, None)


def _as_arrow(data):
    """(kind, Table or RecordBatch) when `data` can be stored as Arrow without changing it, else None."""
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(data, pa.Table):
        return "table", data
    if pa is not None and isinstance(data, pa.RecordBatch):
        return "record_batch", data
    if _exact_type(data, "pandas", "DataFrame"):
        pa = _pyarrow()
        table = _pandas_to_arrow(pa, data) if pa is not None else None
        return ("pandas", table) if table is not None else None
    if _exact_type(data, "polars", "DataFrame") and _pyarrow() is not None:
        # Columns of Python objects (pl.Object) would become their pointers' bytes: pickle them.
        if any(dtype == sys.modules["polars"].Object for dtype in data.dtypes):
            return None
        return "polars", data.to_arrow()
    return None


def _pandas_to_arrow(pa, frame):
    if frame.attrs or frame.columns.duplicated().any():
        return None
    try:
        table = pa.Table.from_pandas(frame)
    except (pa.ArrowException, TypeError, ValueError):
        return None  # e.g. an object column mixing ints and strings
    # Python lists/dicts in object cells would come back as numpy arrays / Arrow structs: keep them.
    # The frame's columns come first in the table, in order (then the index).
    for dtype, arrow_type in zip(frame.dtypes, table.schema.types):
        if dtype == object and pa.types.is_nested(arrow_type):
            return None
    return table


def serialize(data, folder, fmt=None):
    """Write `data` into `folder` (which exists and is empty); return the metadata to keep.

    fmt: None (Arrow when it fits, else pickle), "pickle", or "arrow" (an error when it does not fit).
    """
    if fmt not in (None,) + FORMATS:
        raise ValueError("serialization_format must be one of %s, not %r" % (", ".join(FORMATS), fmt))
    arrow = None if fmt == "pickle" else _as_arrow(data)
    if arrow is not None:
        return _write_arrow(arrow[1], arrow[0], folder)
    if fmt == "arrow":
        raise ValueError(
            "%s cannot be stored as Arrow%s; output it without serialization_format to pickle it."
            % (type(data).__name__, "" if _pyarrow() else " (pyarrow is not installed in this step's environment)")
        )
    return _write_pickle(data, folder)


def deserialize(folder, meta, frame_type=None):
    """The stored value: what was output (an Arrow-stored pandas frame comes back as pandas, ...),
    or, with frame_type "pandas" | "polars" | "arrow", any data frame / table as that type."""
    fmt = meta.get("format")
    if fmt == "arrow":
        if frame_type is None:
            return _read_arrow(folder, meta)
        return frames.convert(read_arrow_table(folder, meta), frame_type)
    if fmt == "pickle":
        value = _read_pickle(folder, meta)
        return value if frame_type is None else frames.convert(value, frame_type)
    raise ValueError("Unknown output format %r in %s" % (fmt, folder))


def _write_pickle(data, folder):
    layout = []
    with open(os.path.join(folder, BUFFERS_FILE), "wb") as raw:

        def take(buf):
            view = buf.raw()  # 1-D bytes view; pickle only offers contiguous buffers out-of-band
            if view.nbytes < OUT_OF_BAND_MIN_BYTES:
                return True  # true = keep in-band
            pad = -raw.tell() % _ALIGN
            if pad:
                raw.write(b"\0" * pad)
            layout.append([raw.tell(), view.nbytes])
            raw.write(view)
            return False

        with open(os.path.join(folder, PICKLE_FILE), "wb") as f:
            pickle.dump(data, f, protocol=5, buffer_callback=take)
    return {"format": "pickle", "buffers": layout}


def _read_pickle(folder, meta):
    layout = meta.get("buffers") or []
    buffers = []
    if layout:
        with open(os.path.join(folder, BUFFERS_FILE), "rb") as raw:
            mapped = mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_COPY)
        whole = memoryview(mapped)
        buffers = [whole[offset : offset + size] for offset, size in layout]
    with open(os.path.join(folder, PICKLE_FILE), "rb") as f:
        return pickle.load(f, buffers=buffers)


def _write_arrow(data, kind, folder):
    pa = sys.modules["pyarrow"]
    # Uncompressed, so that a reader maps the columns instead of decoding them.
    with pa.OSFile(os.path.join(folder, ARROW_FILE), "wb") as sink:
        with pa.ipc.new_file(sink, data.schema) as writer:
            if kind == "record_batch":
                writer.write_batch(data)
            else:
                writer.write_table(data)
    return {"format": "arrow", "arrow_type": kind}


def read_arrow_table(folder, meta):
    """The stored Arrow data as a pyarrow Table (or RecordBatch), memory-mapped: no copy."""
    pa = _pyarrow()
    if pa is None:
        raise ImportError(
            "The output in %s is stored as Arrow (it is a %s) and pyarrow is not installed in this step's "
            "environment: add pyarrow to it (e.g. pip install pyarrow in its setup script)." % (folder, _ARROW_TYPES.get(meta.get("arrow_type"), "table"))
        )
    reader = pa.ipc.open_file(pa.memory_map(os.path.join(folder, ARROW_FILE), "r"))
    if meta.get("arrow_type") == "record_batch":
        return reader.get_batch(0)
    return reader.read_all()


_ARROW_TYPES = {"pandas": "pandas DataFrame", "polars": "polars DataFrame", "record_batch": "pyarrow RecordBatch", "table": "pyarrow Table"}


def _read_arrow(folder, meta):
    table = read_arrow_table(folder, meta)
    kind = meta.get("arrow_type")
    if kind == "pandas":
        # A copy into pandas' own blocks: zero-copy columns would be read-only, and in-place edits
        # (df.loc[...] = ...) would fail. get_inputs(frame_type="arrow"|"polars") maps without copying.
        return table.to_pandas()
    if kind == "polars":
        return frames.convert(table, "polars")
    return table

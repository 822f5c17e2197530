"""How one step output is stored in its folder.

- "arrow": a pyarrow Table / RecordBatch as an Arrow IPC file, memory-mapped on read.
- "pickle" (everything else): pickle protocol 5. Large buffers that pickle offers out-of-band
  (numpy arrays, the blocks of pandas DataFrames/Series) are written raw to buffers.bin, 64-byte
  aligned, and memory-mapped on read (copy-on-write, so arrays stay writable) — no extra copy.
"""
import mmap
import os
import pickle
import sys

PICKLE_FILE = "data.pickle"
BUFFERS_FILE = "buffers.bin"
ARROW_FILE = "data.arrow"

# Smaller buffers stay inside the pickle: thousands of tiny arrays must not become a scatter of reads.
OUT_OF_BAND_MIN_BYTES = 64 * 1024
_ALIGN = 64


def _arrow_kind(data):
    # Only look when pyarrow is already imported: data cannot be an Arrow object otherwise.
    pa = sys.modules.get("pyarrow")
    if pa is None:
        return None
    if isinstance(data, pa.Table):
        return "table"
    if isinstance(data, pa.RecordBatch):
        return "record_batch"
    return None


def serialize(data, folder):
    """Write `data` into `folder` (which exists and is empty); return the metadata to keep."""
    kind = _arrow_kind(data)
    if kind is not None:
        return _write_arrow(data, kind, folder)
    return _write_pickle(data, folder)


def deserialize(folder, meta):
    fmt = meta.get("format")
    if fmt == "arrow":
        return _read_arrow(folder, meta)
    if fmt == "pickle":
        return _read_pickle(folder, meta)
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
    import pyarrow as pa

    with pa.OSFile(os.path.join(folder, ARROW_FILE), "wb") as sink:
        with pa.ipc.new_file(sink, data.schema) as writer:
            if kind == "table":
                writer.write_table(data)
            else:
                writer.write_batch(data)
    return {"format": "arrow", "arrow_type": kind}


def _read_arrow(folder, meta):
    import pyarrow as pa

    reader = pa.ipc.open_file(pa.memory_map(os.path.join(folder, ARROW_FILE), "r"))
    if meta.get("arrow_type") == "record_batch":
        return reader.get_batch(0)
    return reader.read_all()

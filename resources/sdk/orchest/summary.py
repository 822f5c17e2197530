"""A small summary of each output, written beside it (summary.json), so the app can show what a step
produced without loading the data: its type and size; for data frames and arrays the shape, dtypes
and first rows; scalars and short text as they are; images as a small thumbnail file.

Everything here is bounded (rows, columns, text, entries, thumbnail size, the file itself), and
nothing here may fail the step: a value that cannot be summarised gets a summary that says why.
"""
import io
import itertools
import json
import math
import os
import reprlib
import struct
import sys
import time

SUMMARY_FILE = "summary.json"
VERSION = 1

MAX_ROWS = 10
MAX_COLUMNS = 50
MAX_TEXT = 1000  # characters of a text or repr
MAX_CELL = 200  # characters of one table cell
MAX_ENTRIES = 20  # shown entries of a dict / list / tuple (one level deep)
MAX_THUMBNAILS = 8
THUMBNAIL_PX = 256
THUMBNAIL_BYTES = 200 * 1024
MAX_SUMMARY_BYTES = 256 * 1024
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # encoded images larger than this are not decoded for a thumbnail

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def write(data, folder, meta):
    """Write folder/summary.json (and thumbnails) for `data`, just stored in `folder` with `meta`.
    Never raises (but for KeyboardInterrupt and the like): the output matters, its summary does not."""
    base = {
        "version": VERSION,
        "name": meta.get("name"),
        "stepUuid": meta.get("step_uuid"),
        "runUuid": os.environ.get("ORCHEST_RUN_UUID") or None,
        "writtenAt": int(time.time() * 1000),
        "format": meta.get("format"),
    }
    try:
        base["storedBytes"] = _folder_bytes(folder)
        summary = dict(base, **_Describer(folder).describe(data, 0))
        text = _bounded_json(summary)
    except Exception as e:  # noqa: BLE001 - any failure becomes the summary's message
        text = json.dumps(dict(base, type=_type_name(data), kind="object", error="No summary could be made: %s: %s" % (type(e).__name__, _clip(str(e), 300))))
    try:
        with open(os.path.join(folder, SUMMARY_FILE), "w", encoding="utf-8") as f:
            f.write(text)
    except OSError:
        pass  # the app then says the summary is missing


def _folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))


def _bounded_json(summary):
    text = json.dumps(summary, allow_nan=False)
    if len(text) <= MAX_SUMMARY_BYTES:
        return text
    # Too big (many wide entries): keep the types and shapes, drop the previews.
    for entry in summary.get("entries") or []:
        for key in ("head", "value", "text"):
            entry["summary"].pop(key, None)
    summary["note"] = "Previews of the entries were left out to keep this summary small."
    text = json.dumps(summary, allow_nan=False)
    if len(text) <= MAX_SUMMARY_BYTES:
        return text
    for key in ("head", "value", "text", "entries"):
        summary.pop(key, None)
    summary["note"] = "The preview was left out to keep this summary small."
    return json.dumps(summary, allow_nan=False)


def _type_name(value):
    t = type(value)
    module = (t.__module__ or "").split(".")[0]
    return t.__qualname__ if module in ("builtins", "") else "%s.%s" % (module, t.__qualname__)


def _clip(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


_repr = reprlib.Repr()
_repr.maxstring = MAX_TEXT
_repr.maxother = MAX_TEXT
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 10


def _short_repr(value, limit=MAX_TEXT):
    try:
        return _clip(_repr.repr(value), limit)
    except Exception as e:  # noqa: BLE001 - a broken __repr__ is the object's, not ours
        return "<%s: repr failed: %s>" % (_type_name(value), type(e).__name__)


def _is_instance(value, module, name):
    # Only look when the library is already imported: the value cannot be one of its objects otherwise.
    mod = sys.modules.get(module)
    cls = getattr(mod, name, None) if mod is not None else None
    return isinstance(cls, type) and isinstance(value, cls)


def cell(value):
    """One value as JSON can hold it: numbers and booleans as they are, the rest as short text."""
    if value is None or isinstance(value, bool):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    if item is not None and type(value).__module__ == "numpy":
        try:
            value = item()
        except Exception:  # noqa: BLE001
            pass
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return _clip(value, MAX_CELL)
    if isinstance(value, (bytes, bytearray)):
        return _clip(repr(bytes(value[:MAX_CELL])), MAX_CELL)
    try:
        text = str(value)
    except Exception:  # noqa: BLE001
        text = _short_repr(value, MAX_CELL)
    return _clip(text, MAX_CELL)


class _Describer:
    def __init__(self, folder):
        self.folder = folder
        self.thumbnails = 0

    def describe(self, value, depth):
        out = {"type": _type_name(value)}
        try:
            out.update(self._kind(value, depth))
        except Exception as e:  # noqa: BLE001 - say why, keep the type
            out.update(kind="object", error="No preview: %s: %s" % (type(e).__name__, _clip(str(e), 300)))
        return out

    def _kind(self, value, depth):
        if _is_instance(value, "numpy", "generic"):
            return {"kind": "scalar", "value": cell(value), "dtype": str(value.dtype)}
        if value is None or isinstance(value, (bool, int, float, complex)):
            return {"kind": "scalar", "value": cell(value) if not isinstance(value, complex) else repr(value)}
        if isinstance(value, str):
            return {"kind": "text", "length": len(value), "value": _clip(value, MAX_TEXT), "truncated": len(value) > MAX_TEXT}
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self._bytes(memoryview(value).cast("B"))
        if _is_instance(value, "pandas", "DataFrame"):
            return _pandas_frame(value)
        if _is_instance(value, "pandas", "Series"):
            return _pandas_series(value)
        if _is_instance(value, "polars", "DataFrame"):
            return _polars_frame(value)
        if _is_instance(value, "pyarrow", "Table") or _is_instance(value, "pyarrow", "RecordBatch"):
            return _arrow_table(value)
        if _is_instance(value, "numpy", "ndarray"):
            return _numpy_array(value)
        if _is_instance(value, "PIL.Image", "Image"):
            return self._pil_image(value)
        if _is_instance(value, "matplotlib.figure", "Figure"):
            return self._figure(value)
        if isinstance(value, dict):
            return self._entries("mapping", list(itertools.islice(value.items(), MAX_ENTRIES)), len(value), depth)
        if isinstance(value, (list, tuple)):
            return self._entries("sequence", list(enumerate(value[:MAX_ENTRIES])), len(value), depth)
        if isinstance(value, (set, frozenset)):
            return {"kind": "sequence", "length": len(value), "text": _short_repr(value)}
        out = {"kind": "object", "text": _short_repr(value)}
        try:
            out["length"] = len(value)
        except Exception:  # noqa: BLE001 - no length, no matter
            pass
        return out

    def _entries(self, kind, items, length, depth):
        out = {"kind": kind, "length": length}
        if depth == 0:
            out["entries"] = [{"key": cell(k) if not isinstance(k, str) else _clip(k, MAX_CELL), "summary": self.describe(v, depth + 1)} for k, v in items[:MAX_ENTRIES]]
            out["entriesTruncated"] = length > MAX_ENTRIES
        else:
            out["text"] = _short_repr(dict(items) if kind == "mapping" else [v for _, v in items])
        return out

    # Images -----------------------------------------------------------------------------------

    def _bytes(self, view):
        start = bytes(view[:200])
        if (start.startswith(_PNG) or start.startswith(_JPEG)) and view.nbytes <= MAX_IMAGE_BYTES:
            return self._encoded_image(bytes(view))
        return {"kind": "bytes", "length": view.nbytes, "text": _clip(repr(start), MAX_TEXT)}

    def _encoded_image(self, data):
        png = data.startswith(_PNG)
        out = {"kind": "image", "length": len(data)}
        size = _png_size(data) if png else _jpeg_size(data)
        if size:
            out["width"], out["height"] = size
        try:
            from PIL import Image  # noqa: PLC0415 - only when there is an image to shrink
        except ImportError:
            Image = None
        small = size is not None and max(size) <= THUMBNAIL_PX and len(data) <= THUMBNAIL_BYTES
        if Image is not None and not small:
            with Image.open(io.BytesIO(data)) as img:
                out.update(self._thumbnail(img))
        elif len(data) <= THUMBNAIL_BYTES:
            out["thumbnail"] = self._save_thumbnail(data, "png" if png else "jpg", size)
        else:
            out["note"] = "No thumbnail: the image is over %d KB and Pillow (PIL) is not installed to shrink it." % (THUMBNAIL_BYTES // 1024)
        return out

    def _pil_image(self, img):
        out = {"kind": "image", "width": img.width, "height": img.height, "mode": img.mode}
        out.update(self._thumbnail(img))
        return out

    def _figure(self, fig):
        width, height = (float(x) for x in fig.get_size_inches())
        dpi = float(fig.dpi)
        out = {"kind": "image", "width": int(round(width * dpi)), "height": int(round(height * dpi))}
        if self.thumbnails >= MAX_THUMBNAILS:
            return dict(out, note="No thumbnail: this output already has %d." % MAX_THUMBNAILS)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=max(1.0, THUMBNAIL_PX / max(width, height, 0.01)))
        data = buf.getvalue()
        if len(data) > THUMBNAIL_BYTES:
            return dict(out, note="No thumbnail: the rendered figure is over %d KB." % (THUMBNAIL_BYTES // 1024))
        out["thumbnail"] = self._save_thumbnail(data, "png", _png_size(data))
        return out

    def _thumbnail(self, img):
        """A PNG (or, when that is too big, a JPEG) at most THUMBNAIL_PX on its longer side."""
        if self.thumbnails >= MAX_THUMBNAILS:
            return {"note": "No thumbnail: this output already has %d." % MAX_THUMBNAILS}
        small = img.copy()
        small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        if small.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            small = small.convert("RGBA")
        buf = io.BytesIO()
        small.save(buf, format="PNG", optimize=True)
        data, ext = buf.getvalue(), "png"
        if len(data) > THUMBNAIL_BYTES:
            buf = io.BytesIO()
            small.convert("RGB").save(buf, format="JPEG", quality=80)
            data, ext = buf.getvalue(), "jpg"
        if len(data) > THUMBNAIL_BYTES:
            return {"note": "No thumbnail: even a small one is over %d KB." % (THUMBNAIL_BYTES // 1024)}
        return {"thumbnail": self._save_thumbnail(data, ext, small.size)}

    def _save_thumbnail(self, data, ext, size):
        name = "thumbnail-%d.%s" % (self.thumbnails, ext)
        self.thumbnails += 1
        with open(os.path.join(self.folder, name), "wb") as f:
            f.write(data)
        out = {"file": name, "mime": "image/png" if ext == "png" else "image/jpeg", "bytes": len(data)}
        if size:
            out["width"], out["height"] = int(size[0]), int(size[1])
        return out


def _png_size(data):
    if len(data) >= 24 and data.startswith(_PNG) and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _jpeg_size(data):
    """Width and height from the first start-of-frame marker, or None."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


# Tables -----------------------------------------------------------------------------------------


def _table(shape, columns, rows, **extra):
    """columns: [(name, dtype)] of all columns; rows: the first rows, each a list of cells."""
    shown = columns[:MAX_COLUMNS]
    out = {
        "kind": "dataframe",
        "shape": list(shape),
        "columns": [{"name": cell(n) if not isinstance(n, str) else _clip(n, MAX_CELL), "dtype": str(d)} for n, d in shown],
        "columnsTruncated": len(columns) > MAX_COLUMNS,
        "head": {"rows": [[cell(v) for v in row[: len(shown)]] for row in rows[:MAX_ROWS]], "truncated": shape[0] > MAX_ROWS},
    }
    out.update(extra)
    return out


def _pandas_frame(df):
    head = df.iloc[:MAX_ROWS, :MAX_COLUMNS]
    rows = [list(r) for r in head.itertuples(index=False, name=None)]
    extra = {"memoryBytes": int(df.memory_usage(index=True, deep=False).sum())}
    if type(df.index).__name__ != "RangeIndex":
        extra["index"] = {"name": cell(df.index.name), "dtype": str(df.index.dtype), "head": [cell(v) for v in head.index]}
    return _table(df.shape, list(zip(df.columns, df.dtypes)), rows, **extra)


def _pandas_series(s):
    head = s.iloc[:MAX_ROWS]
    out = _table((len(s), 1), [(s.name if s.name is not None else "value", s.dtype)], [[v] for v in head], memoryBytes=int(s.memory_usage(index=True, deep=False)))
    out.update(kind="series", dtype=str(s.dtype))
    if type(s.index).__name__ != "RangeIndex":
        out["index"] = {"name": cell(s.index.name), "dtype": str(s.index.dtype), "head": [cell(v) for v in head.index]}
    return out


def _polars_frame(df):
    head = df.head(MAX_ROWS).select(df.columns[:MAX_COLUMNS])
    return _table(df.shape, list(zip(df.columns, df.dtypes)), [list(r) for r in head.rows()], memoryBytes=int(df.estimated_size()))


def _arrow_table(t):
    names = t.schema.names
    head = t.slice(0, MAX_ROWS).select(list(range(min(len(names), MAX_COLUMNS))))
    columns = [c.to_pylist() for c in head.columns]
    rows = [list(r) for r in zip(*columns)] if columns else []
    return _table((t.num_rows, t.num_columns), list(zip(names, t.schema.types)), rows, memoryBytes=int(t.nbytes))


def _numpy_array(a):
    out = {"kind": "array", "shape": list(a.shape), "dtype": str(a.dtype), "memoryBytes": int(a.nbytes)}
    if a.ndim == 1:
        rows = [[v] for v in a[:MAX_ROWS].tolist()]
        out["head"] = {"rows": [[cell(v) for v in r] for r in rows], "truncated": a.shape[0] > MAX_ROWS}
        out["columns"] = [{"name": "value", "dtype": str(a.dtype)}]
    elif a.ndim == 2:
        rows = a[:MAX_ROWS, :MAX_COLUMNS].tolist()
        out["head"] = {"rows": [[cell(v) for v in r] for r in rows], "truncated": a.shape[0] > MAX_ROWS}
        out["columns"] = [{"name": i, "dtype": str(a.dtype)} for i in range(min(a.shape[1], MAX_COLUMNS))]
        out["columnsTruncated"] = a.shape[1] > MAX_COLUMNS
    else:
        np = sys.modules["numpy"]
        out["text"] = _clip(np.array2string(a, threshold=100, edgeitems=2), MAX_TEXT)
    return out

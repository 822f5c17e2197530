"""Passing data between steps: each step has one output folder <data dir>/<step uuid>/."""
import json
import os
import shutil
import tempfile
import uuid as _uuid

from . import _context, frames, serialization, summary
from .errors import InputNameCollisionError, InvalidNameError, OutputNotFoundError

META_FILE = "meta.json"
RESERVED_NAME = "unnamed"


def _check_name(name):
    if name is None:
        return
    if not isinstance(name, str):
        raise InvalidNameError("An output name must be a string, not %s." % type(name).__name__)
    if name == RESERVED_NAME:
        raise InvalidNameError('"unnamed" is reserved for outputs without a name; choose another name.')


def output_folder(step_uuid):
    return os.path.join(_context.data_dir(), step_uuid)


def output_to_disk(data, name=None, serialization_format=None):
    """Store `data` as this step's one output (replacing an earlier one), optionally under `name`.

    serialization_format: None (Arrow IPC for Arrow tables and pandas/polars frames when pyarrow is
    installed, else pickle), "arrow" or "pickle" to insist on one.
    """
    _check_name(name)
    step = _context.step_uuid()
    base = _context.data_dir()
    os.makedirs(base, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tmp-%s-" % step, dir=base)
    try:
        meta = serialization.serialize(data, tmp, serialization_format)
        meta.update({"version": 1, "name": name, "step_uuid": step})
        with open(os.path.join(tmp, META_FILE), "w", encoding="utf-8") as f:
            json.dump(meta, f)
        # In the same folder, so it appears and goes with the output (never fails the step).
        summary.write(data, tmp, meta)
        _replace_dir(tmp, os.path.join(base, step))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def output_to_memory(data, name=None, disk_fallback=True):
    """Orchest's in-memory store does not exist on the desktop: the output goes to disk."""
    output_to_disk(data, name=name)


output = output_to_disk


def _replace_dir(src, dst):
    # A child never sees a half-written output: the new folder appears with one rename.
    old = None
    if os.path.exists(dst):
        old = "%s.old-%s" % (dst, _uuid.uuid4().hex[:8])
        os.rename(dst, old)
    os.rename(src, dst)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _read_meta(pipeline, parent):
    path = os.path.join(output_folder(parent), META_FILE)
    try:
        with open(path, "r", encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise OutputNotFoundError(
            "Step %s has no output: it did not call orchest.output(...) or has not run yet "
            "(run it, or its incoming steps, first)." % _context.describe_step(pipeline, parent)
        ) from None


def get_inputs(ignore_failure=False, verbose=False, frame_type=None):
    """Outputs of this step's parents: named ones under their name, the others as a list under
    "unnamed" in the order of the step's incoming connections.

    ignore_failure: a parent without output gives None (in "unnamed") instead of an error.
    frame_type: "pandas" | "polars" | "arrow" gives every data frame / Arrow table as that type
    (an Arrow-stored output read as "arrow" or "polars" is memory-mapped, not copied); None gives
    each output as its step made it.
    """
    frames.check_frame_type(frame_type)  # before reading anything
    pipeline = _context.load_pipeline()
    me = _context.step_uuid()
    parents = _context.step_definition(pipeline, me).get("incoming_connections") or []

    metas = []
    owner_of_name = {}
    for parent in parents:
        try:
            meta = _read_meta(pipeline, parent)
        except OutputNotFoundError:
            if not ignore_failure:
                raise
            meta = None
        name = meta.get("name") if meta else None
        if name is not None:
            if name in owner_of_name:
                raise InputNameCollisionError(
                    'Steps %s and %s both output the name "%s"; give one of them another name '
                    "in orchest.output(data, name=...)."
                    % (
                        _context.describe_step(pipeline, owner_of_name[name]),
                        _context.describe_step(pipeline, parent),
                        name,
                    )
                )
            owner_of_name[name] = parent
        metas.append((parent, meta))

    # Load only after the names are known to be distinct: the data may be large.
    inputs = {RESERVED_NAME: []}
    for parent, meta in metas:
        if meta is None:
            inputs[RESERVED_NAME].append(None)
            continue
        value = serialization.deserialize(output_folder(parent), meta, frame_type)
        if verbose:
            print("orchest: read the output of step %s" % _context.describe_step(pipeline, parent))
        if meta.get("name") is None:
            inputs[RESERVED_NAME].append(value)
        else:
            inputs[meta["name"]] = value
    return inputs

"""Data frames and Arrow tables as Arrow IPC, when pyarrow is installed.

pyarrow and polars are not Debian packages: scripts/test-all.sh runs this file in a venv that has
them, with ORCHEST_REQUIRE_ARROW=1 so that it fails there instead of skipping.
"""
import json
import os
import sys
import unittest
from unittest import mock

from pipeline_fixture import PipelineFixture

import orchest

try:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
except ImportError:
    pa = None
try:
    import polars as pl
except ImportError:
    pl = None

REQUIRED = os.environ.get("ORCHEST_REQUIRE_ARROW") == "1"
if REQUIRED and (pa is None or pl is None):
    raise ImportError("ORCHEST_REQUIRE_ARROW=1 but pandas, pyarrow or polars is missing from %s" % sys.executable)
NO_ARROW = "pyarrow and pandas are not installed here; scripts/test-all.sh runs these tests in a venv that has them"


def sample_frame(n=1000):
    return pd.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64),
            "x": np.linspace(0, 1, n),
            "name": ["row %d" % i for i in range(n)],
            "maybe": [None if i % 3 == 0 else float(i) for i in range(n)],
            "kind": pd.Categorical(["a", "b"] * (n // 2)),
        },
        index=pd.Index(["k%d" % i for i in range(n)], name="key"),
    )


@unittest.skipIf(pa is None, NO_ARROW)
class TestArrowDataPassing(PipelineFixture):
    def setUp(self):
        super().setUp()
        self.pipeline["steps"]["child"]["incoming_connections"] = ["a"]
        self.write_pipeline()

    def meta(self, step="a"):
        with open(os.path.join(self.data, step, "meta.json")) as f:
            return json.load(f)

    def read(self, **kwargs):
        with self.as_step("child"):
            return orchest.get_inputs(**kwargs)["df"]

    def test_a_pandas_frame_is_stored_as_arrow_and_read_back_as_pandas(self):
        df = sample_frame()
        with self.as_step("a"):
            orchest.output(df, name="df")
        meta = self.meta()
        self.assertEqual((meta["format"], meta["arrow_type"]), ("arrow", "pandas"))
        self.assertEqual(sorted(os.listdir(os.path.join(self.data, "a"))), ["data.arrow", "meta.json", "summary.json"])
        got = self.read()
        pd.testing.assert_frame_equal(got, df)
        got.loc["k1", "x"] = -1.0  # an ordinary, writable frame
        self.assertEqual(self.read().loc["k1", "x"], df.loc["k1", "x"])

    @unittest.skipIf(pl is None and not REQUIRED, "polars is not installed here")
    def test_a_pandas_output_is_readable_as_polars_and_as_a_mapped_arrow_table(self):
        df = sample_frame(200_000)
        with self.as_step("a"):
            orchest.output(df, name="df")
        as_polars = self.read(frame_type="polars")
        self.assertIsInstance(as_polars, pl.DataFrame)
        self.assertEqual(as_polars["name"].to_list()[:2], ["row 0", "row 1"])
        self.assertEqual(as_polars["id"].sum(), df["id"].sum())
        before = pa.total_allocated_bytes()
        table = self.read(frame_type="arrow")
        self.assertIsInstance(table, pa.Table)
        # Memory-mapped: reading 200k rows allocates (next to) nothing in Arrow's memory pool.
        self.assertLess(pa.total_allocated_bytes() - before, 64 * 1024)
        self.assertEqual(table.column("id").to_pylist()[-1], 199_999)

    @unittest.skipIf(pl is None and not REQUIRED, "polars is not installed here")
    def test_a_polars_frame_round_trips_and_is_readable_as_pandas(self):
        df = pl.DataFrame({"a": [1, 2, 3], "s": ["x", None, "z"]})
        with self.as_step("a"):
            orchest.output(df, name="df")
        self.assertEqual(self.meta()["arrow_type"], "polars")
        got = self.read()
        self.assertIsInstance(got, pl.DataFrame)
        self.assertTrue(got.equals(df))
        self.assertEqual(self.read(frame_type="pandas")["s"].tolist(), ["x", None, "z"])

    @unittest.skipIf(pl is None and not REQUIRED, "polars is not installed here")
    def test_a_polars_frame_of_python_objects_is_refused_not_stored_as_pointers(self):
        with self.as_step("a"):
            orchest.output(pl.DataFrame({"a": [1]}), name="df")
            with self.assertRaises(Exception):  # Arrow would hold the objects' addresses; polars cannot pickle them
                orchest.output(pl.DataFrame({"o": [("a", 1)]}, schema={"o": pl.Object}), name="df")
        self.assertEqual(self.read()["a"].to_list(), [1])

    def test_arrow_tables_and_record_batches_keep_their_type(self):
        table = pa.table({"a": [1, 2], "b": ["x", "y"]})
        batch = pa.record_batch([pa.array([1.5])], names=["f"])
        for value, kind in ((table, "table"), (batch, "record_batch")):
            with self.as_step("a"):
                orchest.output(value, name="df")
            self.assertEqual(self.meta()["arrow_type"], kind)
            got = self.read()
            self.assertIs(type(got), type(value))
            self.assertTrue(got.equals(value))
        self.assertEqual(self.read(frame_type="pandas")["f"].tolist(), [1.5])

    def test_frames_arrow_would_change_are_pickled_exactly(self):
        mixed = pd.DataFrame({"m": [1, "a"]})
        lists = pd.DataFrame({"l": [[1, 2], [3]]})
        dup = pd.DataFrame([[1, 2]], columns=["a", "a"])
        attrs = pd.DataFrame({"a": [1]})
        attrs.attrs["unit"] = "m"
        for df in (mixed, lists, dup, attrs):
            with self.as_step("a"):
                orchest.output(df, name="df")
            self.assertEqual(self.meta()["format"], "pickle")
            got = self.read()
            pd.testing.assert_frame_equal(got, df)
            self.assertEqual(got.attrs, df.attrs)
        self.assertIsInstance(self.read()["a"].iloc[0], (int, np.integer))
        with self.as_step("a"):
            orchest.output(lists, name="df")
        self.assertEqual(self.read()["l"][0], [1, 2])  # still a Python list

    def test_serialization_format_insists_or_refuses_clearly(self):
        df = sample_frame(10)
        with self.as_step("a"):
            orchest.output(df, name="df", serialization_format="pickle")
            self.assertEqual(self.meta()["format"], "pickle")
            with self.assertRaises(ValueError) as cm:
                orchest.output(pd.DataFrame({"m": [1, "a"]}), name="df", serialization_format="arrow")
            self.assertIn("cannot be stored as Arrow", str(cm.exception))
            with self.assertRaises(ValueError):
                orchest.output(df, serialization_format="parquet")
        pd.testing.assert_frame_equal(self.read(), df)  # the refused outputs left the previous one
        with self.assertRaises(ValueError) as cm:
            self.read(frame_type="spark")
        self.assertIn("pandas, polars, arrow", str(cm.exception))

    @unittest.skipIf(pl is None and not REQUIRED, "polars is not installed here")
    def test_a_pickled_pandas_frame_is_readable_as_polars(self):
        with self.as_step("a"):
            orchest.output(pd.DataFrame({"a": [1, 2]}), name="df", serialization_format="pickle")
        self.assertEqual(self.read(frame_type="polars")["a"].to_list(), [1, 2])

    def test_without_pyarrow_frames_are_pickled_and_arrow_outputs_say_what_to_install(self):
        df = sample_frame(10)
        with self.as_step("a"):
            orchest.output(df, name="df")  # stored as Arrow
        with mock.patch.dict(sys.modules, {"pyarrow": None}):  # import pyarrow now fails
            with self.assertRaises(ImportError) as cm:
                self.read()
            self.assertIn("pip install pyarrow", str(cm.exception))
            self.assertIn("pandas DataFrame", str(cm.exception))
            with self.as_step("a"):
                orchest.output(df, name="df")
            self.assertEqual(self.meta()["format"], "pickle")
            pd.testing.assert_frame_equal(self.read(), df)

    def test_non_frames_are_untouched_by_frame_type(self):
        with self.as_step("a"):
            orchest.output({"k": [1, 2]}, name="df")
        self.assertEqual(self.read(frame_type="polars"), {"k": [1, 2]})


if __name__ == "__main__":
    unittest.main()

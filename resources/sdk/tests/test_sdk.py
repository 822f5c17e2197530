"""The SDK as a step sees it: outputs written by one step, read by its children."""
import json
import mmap
import os
import unittest

from pipeline_fixture import PipelineFixture

import orchest
from orchest import serialization

try:
    import numpy as np
except ImportError:  # the host may lack numpy; the Docker integration test covers this path
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None

try:
    import pyarrow  # noqa: F401
except ImportError:
    pyarrow = None

NO_NUMPY = "numpy is not installed on this host (apt-get install python3-numpy); the Docker integration test covers it"
NO_PANDAS = "pandas is not installed on this host (apt-get install python3-pandas); the Docker integration test covers it"


class TestDataPassing(PipelineFixture):
    def test_named_and_unnamed_outputs_in_incoming_order(self):
        with self.as_step("a"):
            orchest.output({"rows": [1, 2]}, name="table")
        with self.as_step("b"):
            orchest.output("from b")
        with self.as_step("c"):
            orchest.output_to_memory(["from c"])  # memory falls back to disk
        with self.as_step("child"):
            inputs = orchest.get_inputs()
        self.assertEqual(inputs, {"table": {"rows": [1, 2]}, "unnamed": [["from c"], "from b"]})

    def test_output_replaces_the_previous_one(self):
        with self.as_step("a"):
            orchest.output(1, name="first")
            orchest.output(2)
        self.assertEqual(sorted(os.listdir(self.data)), ["a"])
        with self.as_step("child"):
            self.pipeline["steps"]["child"]["incoming_connections"] = ["a"]
            self.write_pipeline()
            self.assertEqual(orchest.get_inputs(), {"unnamed": [2]})

    def test_two_parents_with_one_name_is_an_error_naming_both(self):
        with self.as_step("a"):
            orchest.output(1, name="x")
        with self.as_step("b"):
            orchest.output(2, name="x")
        with self.as_step("c"):
            orchest.output(3)
        with self.as_step("child"):
            with self.assertRaises(orchest.InputNameCollisionError) as cm:
                orchest.get_inputs()
        message = str(cm.exception)
        self.assertIn('"Load A" (a)', message)
        self.assertIn('"Load B" (b)', message)
        self.assertIn('"x"', message)

    def test_missing_parent_output_names_the_parent(self):
        with self.as_step("a"):
            orchest.output(1)
        with self.as_step("child"):
            with self.assertRaises(orchest.OutputNotFoundError) as cm:
                orchest.get_inputs()
            self.assertIn('"Load C" (c)', str(cm.exception))
            self.assertEqual(orchest.get_inputs(ignore_failure=True), {"unnamed": [None, 1, None]})

    def test_reserved_and_invalid_names_are_refused(self):
        with self.as_step("a"):
            with self.assertRaises(orchest.InvalidNameError):
                orchest.output(1, name="unnamed")
            with self.assertRaises(orchest.InvalidNameError):
                orchest.output(1, name=3)
        self.assertFalse(os.path.exists(os.path.join(self.data, "a")))

    def test_a_failed_serialization_keeps_the_previous_output(self):
        with self.as_step("a"):
            orchest.output("good")
            with self.assertRaises(Exception):
                orchest.output(lambda: 1)  # lambdas cannot be pickled
        self.assertEqual(sorted(os.listdir(self.data)), ["a"])
        with self.as_step("child"):
            self.assertEqual(orchest.get_inputs(ignore_failure=True)["unnamed"][1], "good")

    def test_outside_a_step_the_error_says_so(self):
        with self.assertRaises(orchest.StepContextError) as cm:
            orchest.output(1)
        self.assertIn("ORCHEST_STEP_UUID", str(cm.exception))

    def test_large_bytes_like_buffers_round_trip(self):
        payload = {"blob": bytearray(b"x" * 200_000), "small": b"y"}
        with self.as_step("a"):
            orchest.output(payload)
        with self.as_step("child"):
            self.pipeline["steps"]["child"]["incoming_connections"] = ["a"]
            self.write_pipeline()
            self.assertEqual(orchest.get_inputs()["unnamed"][0], payload)


class TestParameters(PipelineFixture):
    def test_step_and_pipeline_parameters(self):
        with self.as_step("a"):
            self.assertEqual(orchest.get_step_param("n"), 3)
            self.assertEqual(orchest.get_step_param("missing", "dflt"), "dflt")
            self.assertEqual(orchest.get_pipeline_param("alpha"), 0.5)
            self.assertIsNone(orchest.get_pipeline_param("nope"))
            self.assertEqual(orchest.get_params(), ({"n": 3}, {"alpha": 0.5, "tags": ["a"]}))
        with self.as_step("b"):  # a step without "parameters"
            self.assertEqual(orchest.get_params()[0], {})


@unittest.skipIf(np is None, NO_NUMPY)
class TestNumpyFastPath(PipelineFixture):
    def test_arrays_are_memory_mapped_from_their_raw_buffer(self):
        arr = np.arange(1_000_000, dtype=np.float64).reshape(1000, 1000)
        self.pipeline["steps"]["child"]["incoming_connections"] = ["a"]
        self.write_pipeline()
        with self.as_step("a"):
            orchest.output(arr, name="arr")
        meta = json.load(open(os.path.join(self.data, "a", "meta.json")))
        self.assertEqual(meta["format"], "pickle")
        self.assertEqual([size for _, size in meta["buffers"]], [arr.nbytes])
        self.assertLess(os.path.getsize(os.path.join(self.data, "a", serialization.PICKLE_FILE)), 4096)
        with self.as_step("child"):
            got = orchest.get_inputs()["arr"]
        np.testing.assert_array_equal(got, arr)
        base = got
        while isinstance(base, np.ndarray) and base.base is not None:
            base = base.base
        self.assertIsInstance(base, memoryview)
        self.assertIsInstance(base.obj, mmap.mmap)
        got[0, 0] = -1  # copy-on-write: writable, and the stored output is unchanged
        with self.as_step("child"):
            self.assertEqual(orchest.get_inputs()["arr"][0, 0], 0)

    @unittest.skipIf(pd is None, NO_PANDAS)
    @unittest.skipIf(pyarrow is not None, "with pyarrow, data frames pass as Arrow (test_arrow.py)")
    def test_without_pyarrow_dataframes_round_trip_through_raw_buffers(self):
        df = pd.DataFrame({"x": np.arange(100_000), "y": np.linspace(0, 1, 100_000), "s": ["k"] * 100_000})
        with self.as_step("a"):
            orchest.output(df)
        meta = json.load(open(os.path.join(self.data, "a", "meta.json")))
        self.assertGreaterEqual(sum(size for _, size in meta["buffers"]), 100_000 * 16)
        with self.as_step("child"):
            got = orchest.get_inputs(ignore_failure=True)["unnamed"][1]
        pd.testing.assert_frame_equal(got, df)
        self.assertEqual(meta["format"], "pickle")


if __name__ == "__main__":
    unittest.main()

"""The summary.json written with each output: what the app shows of it without loading the data.

pyarrow, polars and Pillow are in the venv scripts/setup-test-env.sh makes; with
ORCHEST_REQUIRE_ARROW=1 (as there) their tests fail instead of skipping. matplotlib figures are
covered where Debian's matplotlib is (main/src/outputs/outputs.docker.test.ts, the quickstart image).
"""
import io
import json
import os
import struct
import sys
import unittest
import zlib
from unittest import mock

from pipeline_fixture import PipelineFixture

import orchest
from orchest import summary

try:
    import numpy as np
    import pandas as pd
except ImportError:
    np = pd = None
try:
    import polars as pl
except ImportError:
    pl = None
try:
    from PIL import Image
except ImportError:
    Image = None
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None

REQUIRED = os.environ.get("ORCHEST_REQUIRE_ARROW") == "1"
if REQUIRED and (pl is None or Image is None):
    raise ImportError("ORCHEST_REQUIRE_ARROW=1 but polars or Pillow is missing from %s" % sys.executable)
NO_PANDAS = "numpy and pandas are not installed here (apt-get install python3-pandas)"


def tiny_png(width, height, rgb=(200, 30, 30)):
    """A valid PNG made with the standard library only (as a step without Pillow could)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class UnReprable:
    def __repr__(self):
        raise RuntimeError("no repr")


class SummaryFixture(PipelineFixture):
    def output(self, value, name=None, run="run-1"):
        os.environ["ORCHEST_RUN_UUID"] = run
        with self.as_step("a"):
            orchest.output(value, name=name)
        with open(os.path.join(self.data, "a", summary.SUMMARY_FILE), encoding="utf-8") as f:
            return json.load(f)

    def thumbnail(self, s):
        with open(os.path.join(self.data, "a", s["thumbnail"]["file"]), "rb") as f:
            return f.read()


class TestSummaryOfPlainValues(SummaryFixture):
    def test_scalar_with_name_run_and_size(self):
        s = self.output(42, name="answer")
        self.assertEqual((s["kind"], s["type"], s["value"], s["name"], s["runUuid"], s["stepUuid"]), ("scalar", "int", 42, "answer", "run-1", "a"))
        self.assertGreater(s["storedBytes"], 0)
        self.assertEqual(s["format"], "pickle")

    def test_short_text_as_is_and_long_text_cut(self):
        self.assertEqual(self.output("hello")["value"], "hello")
        s = self.output("x" * 5000)
        self.assertEqual((s["kind"], s["length"], s["truncated"]), ("text", 5000, True))
        self.assertLessEqual(len(s["value"]), summary.MAX_TEXT)

    def test_non_finite_floats_stay_valid_json(self):
        s = self.output({"nan": float("nan"), "inf": float("inf")})
        self.assertEqual([e["summary"]["value"] for e in s["entries"]], ["NaN", "inf"])

    def test_dict_entries_one_level_deep_and_capped(self):
        s = self.output({"n": 1, "nested": {"a": [1, 2]}, **{"k%d" % i: i for i in range(30)}})
        self.assertEqual((s["kind"], s["length"], s["entriesTruncated"]), ("mapping", 32, True))
        self.assertEqual(len(s["entries"]), summary.MAX_ENTRIES)
        nested = s["entries"][1]
        self.assertEqual((nested["key"], nested["summary"]["kind"]), ("nested", "mapping"))
        self.assertNotIn("entries", nested["summary"])
        self.assertIn("'a'", nested["summary"]["text"])

    def test_an_object_that_cannot_be_described_still_gets_a_summary_and_the_output_is_kept(self):
        s = self.output([UnReprable(), 1])
        self.assertIn("UnReprable", s["entries"][0]["summary"]["text"])
        with mock.patch.object(summary._Describer, "describe", side_effect=RuntimeError("boom")):
            s = self.output(7)
        self.assertIn("boom", s["error"])
        self.assertEqual(s["type"], "int")
        with self.as_step("child"):
            self.pipeline["steps"]["child"]["incoming_connections"] = ["a"]
            self.write_pipeline()
            self.assertEqual(orchest.get_inputs()["unnamed"], [7])

    def test_a_summary_that_cannot_be_written_does_not_fail_the_step(self):
        with mock.patch.object(summary, "_bounded_json", return_value="{}"), mock.patch("builtins.open", side_effect=self._open_refusing_summary()):
            with self.as_step("a"):
                orchest.output(3)
        self.assertFalse(os.path.exists(os.path.join(self.data, "a", summary.SUMMARY_FILE)))
        self.assertTrue(os.path.exists(os.path.join(self.data, "a", "meta.json")))

    def _open_refusing_summary(self):
        real = open

        def fake(path, *args, **kwargs):
            if str(path).endswith(summary.SUMMARY_FILE):
                raise PermissionError("read-only")
            return real(path, *args, **kwargs)

        return fake

    def test_png_bytes_become_a_thumbnail_without_pillow(self):
        png = tiny_png(40, 20)
        with mock.patch.dict(sys.modules, {"PIL": None}):
            s = self.output(png)
        self.assertEqual((s["kind"], s["width"], s["height"]), ("image", 40, 20))
        self.assertEqual(s["thumbnail"]["mime"], "image/png")
        self.assertEqual(self.thumbnail(s), png)

    def test_plain_bytes(self):
        s = self.output(b"\x00\x01abc")
        self.assertEqual((s["kind"], s["length"]), ("bytes", 5))

    def test_the_summary_file_stays_small(self):
        s = self.output({"t%d" % i: "y" * 900 for i in range(20)} | {"wide": ["z" * 100000]})
        self.assertLessEqual(len(json.dumps(s)), summary.MAX_SUMMARY_BYTES)


@unittest.skipIf(pd is None, NO_PANDAS)
class TestSummaryOfFramesAndArrays(SummaryFixture):
    def test_pandas_frame_shape_dtypes_first_rows(self):
        df = pd.DataFrame({"id": np.arange(1000), "x": np.linspace(0, 1, 1000), "name": ["row %d" % i for i in range(1000)]})
        s = self.output(df, name="df")
        self.assertEqual((s["kind"], s["type"], s["shape"]), ("dataframe", "pandas.DataFrame", [1000, 3]))
        self.assertEqual(s["columns"], [{"name": "id", "dtype": "int64"}, {"name": "x", "dtype": "float64"}, {"name": "name", "dtype": "object"}])
        self.assertEqual(len(s["head"]["rows"]), summary.MAX_ROWS)
        self.assertEqual(s["head"]["rows"][1], [1, df.x[1], "row 1"])
        self.assertTrue(s["head"]["truncated"])
        self.assertGreater(s["memoryBytes"], 1000 * 16)

    def test_wide_frame_columns_capped_and_index_kept(self):
        df = pd.DataFrame(np.zeros((3, 80)), columns=["c%d" % i for i in range(80)], index=pd.Index(["a", "b", "c"], name="key"))
        s = self.output(df)
        self.assertEqual(len(s["columns"]), summary.MAX_COLUMNS)
        self.assertTrue(s["columnsTruncated"])
        self.assertEqual(len(s["head"]["rows"][0]), summary.MAX_COLUMNS)
        self.assertEqual(s["index"], {"name": "key", "dtype": "object", "head": ["a", "b", "c"]})

    def test_missing_values_and_timestamps_are_cells(self):
        df = pd.DataFrame({"t": pd.to_datetime(["2024-01-02", None]), "v": [1.5, None]})
        rows = self.output(df)["head"]["rows"]
        self.assertEqual(rows[0], ["2024-01-02 00:00:00", 1.5])
        self.assertEqual(rows[1], ["NaT", "NaN"])

    def test_numpy_arrays(self):
        s = self.output(np.arange(12, dtype=np.int32).reshape(3, 4))
        self.assertEqual((s["kind"], s["shape"], s["dtype"], s["memoryBytes"]), ("array", [3, 4], "int32", 48))
        self.assertEqual(s["head"]["rows"], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        s = self.output(np.zeros((2, 3, 4)))
        self.assertEqual(s["shape"], [2, 3, 4])
        self.assertIn("0.", s["text"])

    def test_series_and_numpy_scalar(self):
        s = self.output(pd.Series([1.0, 2.0], name="v"))
        self.assertEqual((s["kind"], s["dtype"], s["head"]["rows"]), ("series", "float64", [[1.0], [2.0]]))
        s = self.output(np.float32(2.5))
        self.assertEqual((s["kind"], s["value"], s["dtype"]), ("scalar", 2.5, "float32"))


@unittest.skipIf(pl is None, "polars and pyarrow are in the venv of scripts/setup-test-env.sh")
class TestSummaryOfArrowFrames(SummaryFixture):
    def test_polars_frame(self):
        df = pl.DataFrame({"a": list(range(25)), "b": ["s%d" % i for i in range(25)]})
        s = self.output(df)
        self.assertEqual((s["format"], s["type"], s["shape"]), ("arrow", "polars.DataFrame", [25, 2]))
        self.assertEqual(s["columns"], [{"name": "a", "dtype": "Int64"}, {"name": "b", "dtype": "String"}])
        self.assertEqual(s["head"]["rows"][:2], [[0, "s0"], [1, "s1"]])

    def test_arrow_table(self):
        import pyarrow as pa

        s = self.output(pa.table({"x": [1, 2, 3]}))
        self.assertEqual((s["type"], s["shape"], s["columns"][0]["dtype"], s["head"]["rows"]), ("pyarrow.Table", [3, 1], "int64", [[1], [2], [3]]))


@unittest.skipIf(Image is None, "Pillow is in the venv of scripts/setup-test-env.sh")
class TestSummaryOfImages(SummaryFixture):
    def test_pil_image_thumbnail_capped(self):
        s = self.output(Image.new("RGB", (1000, 500), (10, 200, 10)))
        self.assertEqual((s["kind"], s["width"], s["height"]), ("image", 1000, 500))
        thumb = Image.open(io.BytesIO(self.thumbnail(s)))
        self.assertEqual(thumb.size, (256, 128))
        self.assertEqual(thumb.getpixel((5, 5))[:3], (10, 200, 10))

    def test_noisy_image_falls_back_to_jpeg_under_the_cap(self):
        noise = Image.frombytes("RGBA", (256, 256), os.urandom(256 * 256 * 4))
        s = self.output(noise)
        self.assertEqual(s["thumbnail"]["mime"], "image/jpeg")
        self.assertLessEqual(len(self.thumbnail(s)), summary.THUMBNAIL_BYTES)

    def test_large_png_bytes_are_shrunk(self):
        s = self.output(tiny_png(600, 300))
        self.assertEqual((s["width"], s["height"]), (600, 300))
        self.assertEqual(Image.open(io.BytesIO(self.thumbnail(s))).size, (256, 128))

    @unittest.skipIf(plt is None, "matplotlib: covered by main/src/outputs/outputs.docker.test.ts")
    def test_matplotlib_figure(self):
        fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
        ax.plot([1, 3, 2])
        s = self.output({"plot": fig})
        entry = s["entries"][0]["summary"]
        self.assertEqual((entry["kind"], entry["width"], entry["height"]), ("image", 800, 400))
        with open(os.path.join(self.data, "a", entry["thumbnail"]["file"]), "rb") as f:
            self.assertEqual(Image.open(f).size, (256, 128))
        plt.close(fig)


if __name__ == "__main__":
    unittest.main()

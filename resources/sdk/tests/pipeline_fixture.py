"""A pipeline definition in a temp folder, and a way to act as one of its steps."""
import contextlib
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


class PipelineFixture(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.data = os.path.join(self.tmp, ".orchest", "data")
        self.pipeline_path = os.path.join(self.tmp, ".orchest", "pipeline.json")
        os.makedirs(os.path.dirname(self.pipeline_path))
        self.pipeline = {
            "name": "p",
            "uuid": "pipe-1",
            "parameters": {"alpha": 0.5, "tags": ["a"]},
            "steps": {
                "a": {"uuid": "a", "title": "Load A", "file_path": "a.py", "incoming_connections": [], "parameters": {"n": 3}},
                "b": {"uuid": "b", "title": "Load B", "file_path": "b.py", "incoming_connections": []},
                "c": {"uuid": "c", "title": "Load C", "file_path": "c.py", "incoming_connections": []},
                "child": {
                    "uuid": "child",
                    "title": "Merge",
                    "file_path": "m.py",
                    "incoming_connections": ["c", "a", "b"],
                },
            },
        }
        self.write_pipeline()
        self._env = dict(os.environ)
        os.environ["ORCHEST_PIPELINE_PATH"] = self.pipeline_path
        os.environ["ORCHEST_PIPELINE_DATA_DIR"] = self.data

    def tearDown(self):
        os.environ.clear()
        os.environ.update(self._env)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_pipeline(self):
        with open(self.pipeline_path, "w") as f:
            json.dump(self.pipeline, f)

    @contextlib.contextmanager
    def as_step(self, uuid):
        os.environ["ORCHEST_STEP_UUID"] = uuid
        try:
            yield
        finally:
            del os.environ["ORCHEST_STEP_UUID"]

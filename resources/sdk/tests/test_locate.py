"""The SDK in a Jupyter server started by the app: no ORCHEST_STEP_UUID, the step is found from the
notebook's path among the project's pipelines, and get_inputs reads where a run writes."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import orchest  # noqa: E402

STEP_VARS = ("ORCHEST_STEP_UUID", "ORCHEST_PIPELINE_PATH", "ORCHEST_PIPELINE_DATA_DIR", "JPY_SESSION_NAME", "ORCHEST_JUPYTER_URL")


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


def step(uuid, title, file_path, parents=()):
    return {"uuid": uuid, "title": title, "file_path": file_path, "incoming_connections": list(parents)}


class JupyterProject(unittest.TestCase):
    """A project with a per-folder pipeline (etl/) and a project-layout one (train.orchest)."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self._env = dict(os.environ)
        self._cwd = os.getcwd()
        for v in STEP_VARS:
            os.environ.pop(v, None)
        os.environ["ORCHEST_PROJECT_DIR"] = self.root
        write_json(
            os.path.join(self.root, "etl", ".orchest", "pipeline.json"),
            {"name": "etl", "uuid": "etl-uuid", "steps": {"load": step("load", "Load", "load.py"), "clean": step("clean", "Clean", "notebooks/clean.ipynb", ["load"])}},
        )
        write_json(
            os.path.join(self.root, "train.orchest"),
            {"name": "train", "uuid": "train-uuid", "steps": {"prep": step("prep", "Prep", "prep.py"), "fit": step("fit", "Fit", "models/fit.ipynb", ["prep"])}},
        )
        # What a run leaves: a data folder (node_modules and dot folders are never searched).
        write_json(os.path.join(self.root, "node_modules", "x", ".orchest", "pipeline.json"), {"steps": {"z": step("z", "Z", "../../etl/notebooks/clean.ipynb")}})

    def tearDown(self):
        os.chdir(self._cwd)
        os.environ.clear()
        os.environ.update(self._env)
        shutil.rmtree(self.root, ignore_errors=True)

    def run_step(self, pipeline_path, data_dir, uuid, value, name=None):
        """What a run of the parent does: the env a step container gets, then orchest.output."""
        saved = dict(os.environ)
        os.environ.update({"ORCHEST_STEP_UUID": uuid, "ORCHEST_PIPELINE_PATH": pipeline_path, "ORCHEST_PIPELINE_DATA_DIR": data_dir})
        try:
            orchest.output(value, name=name)
        finally:
            os.environ.clear()
            os.environ.update(saved)


class TestFindsTheStep(JupyterProject):
    def test_folder_layout_by_absolute_session_name_reads_the_parent_output(self):
        self.run_step(os.path.join(self.root, "etl", ".orchest", "pipeline.json"), os.path.join(self.root, "etl", ".orchest", "data"), "load", {"rows": 3}, name="table")
        os.environ["JPY_SESSION_NAME"] = os.path.join(self.root, "etl", "notebooks", "clean.ipynb")
        self.assertEqual(orchest.get_inputs(), {"table": {"rows": 3}, "unnamed": []})

    def test_project_layout_by_relative_session_name_reads_the_parent_output(self):
        data = os.path.join(self.root, ".orchest", "pipelines", "train-uuid", "data")
        self.run_step(os.path.join(self.root, "train.orchest"), data, "prep", [1, 2, 3])
        os.environ["JPY_SESSION_NAME"] = "models/fit.ipynb"
        self.assertEqual(orchest.get_inputs()["unnamed"], [[1, 2, 3]])

    def test_a_notebook_writes_its_own_output_where_its_children_read(self):
        os.environ["JPY_SESSION_NAME"] = "etl/notebooks/clean.ipynb"
        orchest.output("cleaned", name="c")
        meta = os.path.join(self.root, "etl", ".orchest", "data", "clean", "meta.json")
        with open(meta, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["name"], "c")

    def test_without_a_notebook_path_the_working_directory_finds_its_one_notebook_step(self):
        os.makedirs(os.path.join(self.root, "models"))
        os.chdir(os.path.join(self.root, "models"))
        self.run_step(os.path.join(self.root, "train.orchest"), os.path.join(self.root, ".orchest", "pipelines", "train-uuid", "data"), "prep", "p")
        self.assertEqual(orchest.get_inputs()["unnamed"], ["p"])

    def test_step_parameters_come_from_the_found_step(self):
        path = os.path.join(self.root, "train.orchest")
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        p["steps"]["fit"]["parameters"] = {"lr": 0.01}
        write_json(path, p)
        os.environ["JPY_SESSION_NAME"] = "models/fit.ipynb"
        self.assertEqual(orchest.get_step_param("lr"), 0.01)


class TestSaysWhenItCannot(JupyterProject):
    def test_a_notebook_of_no_step_is_named(self):
        os.environ["JPY_SESSION_NAME"] = "scratch/try.ipynb"
        with self.assertRaises(orchest.StepContextError) as cm:
            orchest.get_inputs()
        self.assertIn('"scratch/try.ipynb" is not the file of any step', str(cm.exception))
        self.assertIn("ORCHEST_STEP_UUID", str(cm.exception))

    def test_a_notebook_of_several_steps_names_them_and_a_uuid_picks_one(self):
        path = os.path.join(self.root, "train.orchest")
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        p["steps"]["again"] = step("again", "Clean again", "etl/notebooks/clean.ipynb", ["prep"])
        write_json(path, p)
        os.environ["JPY_SESSION_NAME"] = "etl/notebooks/clean.ipynb"
        with self.assertRaises(orchest.StepContextError) as cm:
            orchest.get_inputs()
        message = str(cm.exception)
        self.assertIn("is the file of 2 steps", message)
        self.assertIn('"Clean" (clean) in %s' % os.path.join("etl", ".orchest", "pipeline.json"), message)
        self.assertIn('"Clean again" (again) in train.orchest', message)

        self.run_step(path, os.path.join(self.root, ".orchest", "pipelines", "train-uuid", "data"), "prep", "from prep")
        os.environ["ORCHEST_STEP_UUID"] = "again"
        self.assertEqual(orchest.get_inputs()["unnamed"], ["from prep"])

    def test_a_folder_with_two_notebook_steps_names_both(self):
        path = os.path.join(self.root, "train.orchest")
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        p["steps"]["eval"] = step("eval", "Eval", "models/eval.ipynb")
        write_json(path, p)
        os.makedirs(os.path.join(self.root, "models"))
        os.chdir(os.path.join(self.root, "models"))
        with self.assertRaises(orchest.StepContextError) as cm:
            orchest.get_inputs()
        self.assertIn('"Fit" (fit)', str(cm.exception))
        self.assertIn('"Eval" (eval)', str(cm.exception))

    def test_outside_any_project_the_error_says_so(self):
        del os.environ["ORCHEST_PROJECT_DIR"]
        with self.assertRaises(orchest.StepContextError) as cm:
            orchest.get_inputs()
        self.assertIn("ORCHEST_STEP_UUID is not set", str(cm.exception))


if __name__ == "__main__":
    unittest.main()

"""Orchest Desktop's step runner: run one step file and exit with its result.

Usage: python3 run_step.py FILE   (FILE relative to the working directory = the pipeline's folder)

Started by the app in the step's container (or on the host by the local runner) with the ORCHEST_*
environment set. Removes the step's previous output, then dispatches on the file's extension.
Standard library only, plus nbclient/nbformat for notebooks.
"""
import json
import os
import shutil
import sys
import warnings

# The file types a step can be, shared with the app (main/src/common/step-file-types.ts).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "step-file-types.json"), encoding="utf-8") as f:
    FILE_TYPES = {t["ext"].lower(): t for t in json.load(f)["types"]}

# The notebook's own kernelspec is usually orchest-kernel-<uuid>, which exists only in Orchest:
# the language of the step (its environment's, else its kernel.name) decides, then the notebook's.
KERNELS = {"python": "python3", "python3": "python3", "r": "ir", "ir": "ir"}
KERNEL_HINTS = {
    "ir": "R notebooks need IRkernel registered as a Jupyter kernel: install r-cran-irkernel (Debian), "
    "or in R: install.packages('IRkernel'); IRkernel::installspec(user = FALSE)",
    "python3": "install python3-ipykernel (Debian) or pip install ipykernel",
}


def log(message):
    sys.stderr.write("[orchest] %s\n" % message)
    sys.stderr.flush()


def remove_previous_output():
    data_dir = os.environ.get("ORCHEST_PIPELINE_DATA_DIR")
    step = os.environ.get("ORCHEST_STEP_UUID")
    if not data_dir or not step:
        return
    try:
        os.makedirs(data_dir, exist_ok=True)
    except OSError:
        pass  # the SDK reports it if the step outputs anything
    shutil.rmtree(os.path.join(data_dir, step), ignore_errors=True)


def point_reticulate_here():
    """R's reticulate uses this Python, the one with the orchest SDK on its path, unless told otherwise."""
    os.environ.setdefault("RETICULATE_PYTHON", sys.executable or "python3")


def exec_interpreter(file_type, path):
    argv = file_type["command"]
    if file_type.get("kind") == "r":
        point_reticulate_here()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        # Replace this process: the step's exit code and signals are the interpreter's own.
        os.execvp(argv[0], argv + [path])
    except FileNotFoundError:
        log(
            "%s is not installed where this step runs, so %s cannot run (Debian package: %s)."
            % (argv[0], path, file_type.get("package", argv[0]))
        )
        return 127


def text_of(msg):
    """What a kernel output message shows in a terminal."""
    kind = msg["msg_type"]
    content = msg["content"]
    if kind == "stream":
        return content.get("name", "stdout"), content.get("text", "")
    if kind in ("execute_result", "display_data"):
        text = content.get("data", {}).get("text/plain")
        return ("stdout", text + "\n") if text else (None, "")
    if kind == "error":
        return "stderr", "\n".join(content.get("traceback") or [content.get("ename", "Error")]) + "\n"
    return None, ""


def notebook_kernel(nb, installed):
    """The kernel to start: the step's language, else the notebook's kernelspec if this image has
    it, else the kernel of the notebook's language (orchest-kernel-<uuid> exists only in Orchest)."""
    step = os.environ.get("ORCHEST_STEP_KERNEL", "").strip().lower()
    if step:
        return KERNELS.get(step, step)
    spec = nb.metadata.get("kernelspec") or {}
    if spec.get("name") in installed:
        return spec["name"]
    language = (spec.get("language") or (nb.metadata.get("language_info") or {}).get("name") or "python").lower()
    return KERNELS.get(language, language)


def installed_kernels():
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return set(KernelSpecManager().find_kernel_specs())
    except Exception:  # no jupyter_client: nbclient's import reports it
        return set()


def save_executed(nb):
    """Keep the notebook as it ran, outputs and errors included, where the app shows it
    (ORCHEST_EXECUTED_NOTEBOOK, beside the step's log). The step's result does not depend on it."""
    target = os.environ.get("ORCHEST_EXECUTED_NOTEBOOK")
    if not target:
        return
    import nbformat

    tmp = "%s.%d.tmp" % (target, os.getpid())
    try:
        nbformat.write(nb, tmp)
        os.replace(tmp, target)
    except Exception as e:  # e.g. a read-only logs folder
        log("the executed notebook could not be kept at %s: %s" % (target, e))
        try:
            os.unlink(tmp)
        except OSError:
            pass


def run_notebook(path):
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError
    except ImportError as e:
        log("cannot run notebooks: %s (install python3-nbclient and python3-ipykernel, or pip install nbclient ipykernel)" % e)
        return 1

    class StreamingClient(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            stream, text = text_of(msg)
            if stream:
                target = sys.stderr if stream == "stderr" else sys.stdout
                target.write(text)
                target.flush()
            return super().output(outs, msg, display_id, cell_index)

    # Keep the log about the user's code: no ipykernel debugger notice, no nbformat id warning.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    warnings.filterwarnings("ignore", message=".*missing an id field.*")
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # not JSON, not UTF-8, not the notebook schema: say which, no traceback
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        log("%s is not a valid notebook (%s: %s); fix it in Jupyter or an editor." % (path, type(e).__name__, reason))
        return 1
    installed = installed_kernels()
    kernel = notebook_kernel(nb, installed)
    if installed and kernel not in installed:
        log(
            "this image has no Jupyter kernel %r for %s (it has: %s). %s."
            % (kernel, path, ", ".join(sorted(installed)), KERNEL_HINTS.get(kernel, "install that kernel in the step's image"))
        )
        return 1
    point_reticulate_here()
    client = StreamingClient(
        nb,
        kernel_name=kernel,
        timeout=None,  # a cell may train a model for hours
        startup_timeout=120,
        skip_cells_with_tag="skip",
        resources={"metadata": {"path": os.getcwd()}},
    )
    index = 0
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or "skip" in cell.metadata.get("tags", []):
                    continue
                client.execute_cell(cell, index)
    except CellExecutionError as e:
        log("cell %d of the notebook failed: %s: %s" % (index + 1, getattr(e, "ename", "Error"), getattr(e, "evalue", "")))
        return 1
    except DeadKernelError as e:
        log("the kernel died while running cell %d: %s" % (index + 1, e))
        return 1
    except Exception as e:  # e.g. NoSuchKernel
        log("notebook %s could not run: %s: %s" % (path, type(e).__name__, e))
        return 1
    finally:
        save_executed(nb)
    return 0


def main(argv):
    if len(argv) != 2:
        log("usage: run_step.py FILE")
        return 2
    path = argv[1]
    if not os.path.isfile(path):
        log("step file %s does not exist in %s" % (path, os.getcwd()))
        return 1
    remove_previous_output()
    ext = os.path.splitext(path)[1].lower()
    file_type = FILE_TYPES.get(ext)
    if file_type and "command" not in file_type:
        return run_notebook(path)
    if file_type:
        return exec_interpreter(file_type, path)
    log("no runner for %s files (%s)" % (ext or "extension-less", path))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

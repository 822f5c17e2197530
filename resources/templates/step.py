"""A pipeline step. It runs in its own container, with the project folder as working directory."""
import orchest

# Outputs of the steps connected into this one: each named output under its name, and the
# unnamed ones as a list under "unnamed", in the order of the incoming connections.
inputs = orchest.get_inputs()

# Parameters set on this step and on the pipeline in the editor (with defaults):
#   threshold = orchest.get_step_param("threshold", 0.5)
#   step_params, pipeline_params = orchest.get_params()

result = {"inputs": sorted(inputs)}

# This step's one output, passed to the steps connected after it.
orchest.output(result, name="result")

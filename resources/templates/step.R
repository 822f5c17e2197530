# A pipeline step in R. The Orchest SDK is a Python package; reticulate calls it from R.
library(reticulate)
orchest <- import("orchest")

# Outputs of the steps connected into this one: a named list; unnamed outputs are under "unnamed".
inputs <- orchest$get_inputs()

# Parameters set on this step in the editor, with a default:
#   threshold <- orchest$get_step_param("threshold", 0.5)

result <- list(inputs = names(inputs))

# This step's one output, passed to the steps connected after it.
orchest$output(result, name = "result")

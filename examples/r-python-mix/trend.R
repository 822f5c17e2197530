# How rain depends on temperature: a linear model in R, on the data frame the Python step made.
orchest <- reticulate::import("orchest")

measurements <- orchest$get_inputs()$measurements
cat("R got a", class(measurements), "of", nrow(measurements), "rows\n")

fit <- lm(rain_mm ~ temperature, data = measurements)
trend <- data.frame(term = names(coef(fit)), estimate = round(unname(coef(fit)), 4))
print(trend)

orchest$output(trend, name = "trend")

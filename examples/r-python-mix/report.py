"""Back in Python: the R steps' data frames arrive as pandas DataFrames."""

import orchest

inputs = orchest.get_inputs()
measurements, summary, trend = inputs["measurements"], inputs["summary"], inputs["trend"]
print("from R: summary is a %s.%s, trend is a %s.%s" % (type(summary).__module__, type(summary).__name__, type(trend).__module__, type(trend).__name__))

print(summary.to_string(index=False))
slope = float(trend.loc[trend["term"] == "temperature", "estimate"].iloc[0])
print("rain per extra degree: %.2f mm" % slope)

# The same means in pandas: R and Python read the same data.
means = measurements.groupby("city")["temperature"].mean().round(3)
agree = all(abs(means[row.city] - row.temperature) < 1e-9 for row in summary.itertuples())
print("R and pandas agree on the means: %s" % agree)
if not agree:
    raise SystemExit("R's means differ from pandas': %s vs %s" % (summary.to_dict("records"), means.to_dict()))

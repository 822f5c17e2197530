"""Weather measurements for three cities: made in Python, passed to the R steps as a pandas DataFrame."""
import numpy as np
import pandas as pd

import orchest

cities = ["Lisbon", "Oslo", "Cairo"]
base_temperature = {"Lisbon": 18.0, "Oslo": 6.0, "Cairo": 26.0}
days = 30
rows = []
for city in cities:
    for day in range(days):
        # A weekly swing of +-2 degrees around each city's base; rain falls as it gets colder.
        temperature = base_temperature[city] + 2.0 * np.sin(2 * np.pi * day / 7)
        rows.append({"city": city, "day": day + 1, "temperature": round(temperature, 3), "rain_mm": round(max(0.0, 12.0 - 0.4 * temperature), 3)})
measurements = pd.DataFrame(rows)

print("made %d measurements of %d cities" % (len(measurements), measurements["city"].nunique()))
orchest.output(measurements, name="measurements")

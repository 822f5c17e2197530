"""Get data: a synthetic stand-in for the California housing data (no download needed)."""
import numpy as np
import pandas as pd

import orchest

rng = np.random.default_rng(42)
n = 2000
df = pd.DataFrame(
    {
        "MedInc": rng.gamma(4.0, 1.0, n),
        "HouseAge": rng.integers(1, 52, n).astype(float),
        "AveRooms": rng.normal(5.4, 1.0, n),
        "AveBedrms": rng.normal(1.1, 0.2, n),
        "Population": rng.integers(100, 5000, n).astype(float),
        "AveOccup": rng.normal(3.0, 0.7, n),
        "Latitude": rng.uniform(32.5, 42.0, n),
        "Longitude": rng.uniform(-124.3, -114.3, n),
    }
)
df["MedHouseVal"] = (0.45 * df["MedInc"] + 0.01 * df["HouseAge"] - 0.02 * (df["Latitude"] - 35) + rng.normal(0, 0.3, n)).clip(0.15, 5.0)
print(f"Collected {len(df)} rows with {df.shape[1] - 1} features")
orchest.output(df, name="data")

"""Totals per region, written where the dashboard service reads them (output/summary.csv)."""
import csv
import os

import orchest

sales = orchest.get_inputs()["sales"]
totals = {}
for row in sales:
    t = totals.setdefault(row["region"], {"region": row["region"], "units": 0, "revenue": 0.0})
    t["units"] += row["units"]
    t["revenue"] += row["units"] * row["price"]

os.makedirs("output", exist_ok=True)
tmp = "output/summary.csv.tmp"
with open(tmp, "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["region", "units", "revenue"])
    writer.writeheader()
    for t in sorted(totals.values(), key=lambda t: -t["revenue"]):
        writer.writerow({**t, "revenue": round(t["revenue"], 2)})
os.replace(tmp, "output/summary.csv")  # the dashboard never reads a half-written file
print("wrote output/summary.csv")

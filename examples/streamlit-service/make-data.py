"""Make a month of daily sales for four regions (seeded: the same every run) and pass it on."""
import random

import orchest

random.seed(7)
regions = ["North", "South", "East", "West"]
sales = [
    {"day": day, "region": region, "units": random.randint(20, 120), "price": round(random.uniform(4, 9), 2)}
    for day in range(1, 31)
    for region in regions
]
orchest.output(sales, name="sales")
print(f"{len(sales)} rows of sales")

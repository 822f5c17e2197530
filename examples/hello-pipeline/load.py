"""Produce the numbers 1..count and pass them on."""
import orchest

count = orchest.get_step_param("count", 10)
numbers = list(range(1, count + 1))
print(f"{orchest.get_pipeline_param('greeting', 'hi')}: loaded {len(numbers)} numbers")
orchest.output(numbers, name="numbers")

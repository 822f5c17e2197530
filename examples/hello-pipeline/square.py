"""Square every number from the parent step."""
import orchest

numbers = orchest.get_inputs()["numbers"]
squares = [n * n for n in numbers]
print("squares:", squares)
orchest.output(squares, name="squares")

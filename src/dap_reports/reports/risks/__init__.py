"""The risks report kind: computations, charts and sections."""

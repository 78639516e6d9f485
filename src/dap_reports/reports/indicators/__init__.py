"""The indicators report kind: computations, charts and sections."""

"""The annual report kind: computations, charts and sections."""

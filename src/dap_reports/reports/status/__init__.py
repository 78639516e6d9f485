"""The status report kind: computations, charts and sections."""

"""The calendar report kind: computations, charts and sections."""

"""The run layer: parameters, report jobs, papermill execution and nbconvert export, batches.
Report code never imports it; it imports the reports' registry and the data contract."""

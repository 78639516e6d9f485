"""Benefits realisation (gevinstrealisering): computations, charts and sections, shown in the status report
and the annual roll-up."""

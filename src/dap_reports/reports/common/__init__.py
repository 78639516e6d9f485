"""What the report kinds share: queries at a meeting, Danish formats, HTML pieces, chart style."""

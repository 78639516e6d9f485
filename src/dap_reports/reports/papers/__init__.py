"""The secretariat's papers for a meeting: agenda (dagsorden) and minutes (referat)."""

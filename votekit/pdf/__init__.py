"""PDF output: ballots and meeting documents (reportlab)."""

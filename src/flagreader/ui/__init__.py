"""The terminal reader (Textual). Everything it shows comes from the headless core."""

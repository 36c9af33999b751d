"""What the dashboard says: labels, key sentences, caveats and source lines, written from the data by
templates in both languages. No web code."""

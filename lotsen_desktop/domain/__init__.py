"""The programme's vocabulary and rules: plain Python, no database, no Qt."""

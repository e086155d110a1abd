"""Identity resolution logic that runs in Python: connected components of the identity graph."""

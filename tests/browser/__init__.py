"""Browser tests of the reading interface (a package, so its conftest never shadows tests/conftest.py)."""

"""The kit's tests (a package, so that ``tests.…`` never resolves to a stray installed one)."""

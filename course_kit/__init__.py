"""Course kit."""

"""The operations that change issues and record their history, one module per area."""

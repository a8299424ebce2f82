"""The routes, one module per API area; the registry imports every module of this package."""

"""Entity state: the store, the entities by API area, their history, the builders that
make them and the operations that change them."""

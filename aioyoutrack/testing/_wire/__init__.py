"""Wire rendering and parsing: the ``fields`` projection, the table of custom-field
kinds, custom-field values in request bodies, and entity references."""

"""pytest plugin of aioyoutrack (fixtures ``youtrack_fake`` and ``youtrack``)."""

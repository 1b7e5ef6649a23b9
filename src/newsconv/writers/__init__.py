"""Writers: the registry, the shared XHTML body renderer and one module per format."""

"""Files on disk: strict YAML with positions, atomic and locked writes, the cache, paths."""

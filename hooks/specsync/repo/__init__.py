"""git and what it stores: the one process choke point, snapshots, blob ids, the cache
in the git dir, atomic writes."""

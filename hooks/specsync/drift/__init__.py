"""Which copies drifted: comparison levels, transforms and remembered expected ids."""

"""Write copies and run generators: return what happened and decide no exit code. Nothing
here prints: a generator's progress goes through the `say` callback the command passes."""

"""Write copies and run generators: return what happened, print nothing, decide no exit
code."""

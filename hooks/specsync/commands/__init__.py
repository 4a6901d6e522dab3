"""The subcommands: read options, run the pipeline, render, and decide the exit code.
The only place exit codes are decided."""

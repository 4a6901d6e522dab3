"""`specsync.lock`: its file format, and generated entries and locked copies judged
against it."""

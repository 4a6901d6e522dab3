"""specsync: keep embedded copies of canonical spec files in sync with their source."""
VERSION = "0.1.0"

"""specsync: keep embedded copies of canonical spec files in sync with their source.

The package reads in one direction; see README.md beside this file for the layers.
"""
__version__ = "0.2.0"
CONFIG_NAME = ".specsync.yaml"  # at the repository root; part of the public interface

"""Explain one drifted copy: its class, its data changes in the spec's terms, text diffs."""

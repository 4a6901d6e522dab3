"""`.specsync.yaml`: the model, its parser and checker, and loading it (cached)."""

CONFIG_NAME = ".specsync.yaml"

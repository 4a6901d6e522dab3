"""The one error a transform raises: it cannot be applied to this source."""


class TransformError(Exception):
    """The transform cannot be applied to this source."""

"""Render findings for people and tools. Output formats are rows of
`registry.OUTPUT_FORMATS` (text, json, github, sarif), each a module with `render`; `hints`
holds the commands a report tells the user to run."""

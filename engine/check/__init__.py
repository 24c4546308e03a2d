"""The pre-commit check: declarations in manifests and Python code, findings, schemas."""

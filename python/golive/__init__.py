"""golive: a production-readiness auditor for Django deployments.

The package holds no Python API: it ships the `golive` binary (installed as a
script next to the interpreter) and `python -m golive`, which runs it.
"""

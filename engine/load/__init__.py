"""Reading rule sets (YAML + JSON Schema + vocabulary), compiling them into an immutable
CompiledPolicy, and the compiled cache. The only layer that reads rule files."""

"""The public API: Policy (a compiled policy with its methods), load_policy and PolicyStore."""

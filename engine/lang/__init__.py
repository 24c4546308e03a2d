"""The condition language: the lark grammar, parsing, type checking, Kleene three-valued
compilation, partial evaluation and the residual conditions in words. Imports only errors."""

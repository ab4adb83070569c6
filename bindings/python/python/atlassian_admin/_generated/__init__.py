"""Generated modules: ``resources`` (the resource classes) and ``types`` (TypedDicts of every
spec schema), written by ``bindings/python/tools/gen_resources.py`` from the core's resource map
and ``specs/``. Never edited by hand; ``cargo xtask codegen --check`` fails when they are stale."""

"""TypedDicts of every schema of ``specs/*.json``, one per component, named
``<Family><Schema>`` (``OrganizationMultiDirectoryUser``); for annotating what calls return.

The definitions are generated (``atlassian_admin/_generated/types.py``); this module is their
public name.
"""

from ._generated.types import *  # noqa: F401,F403
from ._generated.types import __all__ as __all__

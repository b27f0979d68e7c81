"""The Finsam rulebook: pure Python, no Django.

Dataclasses in, dataclasses out; money is Decimal kronor. Layers above (models,
services, views, commands) translate to and from these types and never compute
Finsam figures themselves.
"""

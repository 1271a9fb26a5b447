"""Policy library: policies, instruments, disbursements, toolkits."""

__all__: list[str] = []
